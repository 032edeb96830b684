package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BenchDesignTest {

    /** Run with -Dmilotune.bench.write-examples=true to regenerate examples/bench/ from the code. */
    static final boolean WRITE = Boolean.getBoolean("milotune.bench.write-examples");

    @Test
    void quickPresetHasTheBaselineFirstAndTheNamedArms() {
        BenchDesign quick = BenchDesign.preset("quick", "fashion-mnist");
        assertThat(quick.arms()).extracting(Arm::id)
                .containsExactly("full-asha", "full-none", "milo-10", "milo-5", "random-10", "adaptive-random-10");
    }

    @Test
    void fullPresetIsTheCompleteGrid() {
        BenchDesign full = BenchDesign.preset("full", "fashion-mnist");
        assertThat(full.arms()).extracting(Arm::id).containsExactly("full-asha", "full-none",
                "milo-1", "milo-5", "milo-10", "random-1", "random-5", "random-10",
                "adaptive-random-1", "adaptive-random-5", "adaptive-random-10", "milo-data-10");
        assertThat(full.retrains()).isEqualTo(3);
    }

    @Test
    void claimPresetAddsTheFullDataChecksAndTheValidationSample() {
        BenchDesign claim = BenchDesign.preset("claim", "fashion-mnist");
        assertThat(claim.arms()).extracting(Arm::id).containsExactly("full-asha", "full-none", "milo-1", "milo-1-val20",
                "milo-1-check3", "milo-1-check3-val20", "milo-10", "milo-10-check3", "random-1", "adaptive-random-1", "milo-1-check5e3");
        assertThat(claim.retrains()).isEqualTo(3);
        Arm checked = claim.arms().get(5);
        JsonNode spec = claim.spec(checked);
        assertThat(spec.path("finalSelection").path("topK").asInt()).isEqualTo(3);
        assertThat(spec.path("finalSelection").path("epochs").asInt()).isEqualTo(1);
        assertThat(spec.path("objective").path("validationSample").asDouble()).isEqualTo(0.2);
        assertThat(checked.label()).isEqualTo("MILO 1 %, ASHA, full-data check of top 3, low rungs on 20 % of validation");
        JsonNode plain = claim.spec(claim.arms().get(2));
        assertThat(plain.has("finalSelection")).isFalse();
        assertThat(plain.path("objective").has("validationSample")).isFalse();
        assertThatThrownBy(() -> Arm.subset("milo", 0.01).withValidationSample(0)).hasMessageContaining("validationSample");
        assertThatThrownBy(() -> Arm.subset("milo", 0.01).withCheck(-1)).hasMessageContaining("checkTopK");
        Arm stronger = claim.arms().get(10);
        assertThat(claim.spec(stronger).path("finalSelection").path("topK").asInt()).isEqualTo(5);
        assertThat(claim.spec(stronger).path("finalSelection").path("epochs").asInt()).isEqualTo(3);
        assertThat(stronger.label()).isEqualTo("MILO 1 %, ASHA, full-data check of top 5 (3 epochs)");
        assertThat(Arm.subset("milo", 0.01).withCheck(3, 1)).isEqualTo(Arm.subset("milo", 0.01).withCheck(3));
        assertThatThrownBy(() -> Arm.subset("milo", 0.01).withCheck(3, 0)).hasMessageContaining("checkEpochs");
    }

    @Test
    void widePresetSearchesSixtyFourTrialsOverTheWiderSpace() {
        BenchDesign wide = BenchDesign.preset("wide", "fashion-mnist");
        assertThat(wide.trials()).isEqualTo(64);
        assertThat(wide.arms()).extracting(Arm::id).containsExactly("full-asha", "full-none", "milo-1", "milo-1-val20",
                "milo-1-check3-val20", "random-1", "adaptive-random-1");
        JsonNode spec = wide.spec(wide.arms().get(0));
        assertThat(spec.path("searchSpace").fieldNames()).toIterable()
                .containsExactly("lr", "hidden", "layers", "dropout", "weightDecay", "batchSize", "optimizer", "momentum");
        assertThat(spec.path("searchSpace").path("lr").path("high").asDouble()).isEqualTo(0.1);
        assertThat(spec.path("model").has("fixed")).as("the batch size is searched").isFalse();
        BenchDesign quick = BenchDesign.preset("quick", "fashion-mnist");
        assertThat(quick.spec(quick.arms().get(0)).path("model").path("fixed").path("batchSize").asInt()).isEqualTo(128);
    }

    @Test
    void unknownPresetIsRejected() {
        assertThatThrownBy(() -> BenchDesign.preset("huge", "fashion-mnist")).hasMessageContaining("quick, full, claim or wide");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quick", "full", "claim", "wide"})
    void armsDifferOnlyInSubsetAndScheduler(String preset) {
        BenchDesign design = BenchDesign.preset(preset, "fashion-mnist");
        JsonNode base = design.spec(design.arms().get(0));
        for (Arm arm : design.arms()) {
            JsonNode spec = design.spec(arm);
            for (String same : List.of("dataset", "model", "searchSpace", "objective.metric", "objective.direction", "sampler",
                    "maxTrials", "maxConcurrentTrials", "seed", "finalRetrain")) {
                assertThat(spec.at("/" + same.replace('.', '/'))).as(arm.id() + " " + same).isEqualTo(base.at("/" + same.replace('.', '/')));
            }
            assertThat(spec.path("subset").path("strategy").asText()).isEqualTo(arm.strategy());
            assertThat(spec.path("scheduler").path("type").asText()).isEqualTo(arm.scheduler());
            if (arm.scheduler().equals("asha") && arm.fidelity().equals("epochs")) {
                assertThat(spec.path("scheduler").path("R").asInt()).isEqualTo(design.epochs());
                assertThat(spec.path("scheduler").path("eta").asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    void subsetArmsCarryTheirFractionAndDataFidelityIsMarked() {
        BenchDesign full = BenchDesign.preset("full", "fashion-mnist");
        Arm milo5 = full.arms().stream().filter(a -> a.id().equals("milo-5")).findFirst().orElseThrow();
        assertThat(full.spec(milo5).path("subset").path("fraction").asDouble()).isEqualTo(0.05);
        Arm data = full.arms().get(full.arms().size() - 1);
        assertThat(full.spec(data).path("scheduler").path("fidelity").asText()).isEqualTo("data");
        assertThat(full.spec(full.arms().get(0)).path("subset").has("fraction")).isFalse();
        assertThat(full.fileName(data)).isEqualTo("12-milo-data-10.json");
    }

    @Test
    void armLabelsAndValidation() {
        assertThat(Arm.subset("adaptive-random", 0.01).label()).isEqualTo("adaptive-random 1 %, ASHA");
        assertThat(Arm.full("none").label()).isEqualTo("full data, no early stopping");
        assertThat(Arm.miloDataFidelity(0.1).label()).isEqualTo("MILO 10 %, ASHA, data fidelity");
        assertThat(Arm.percent(0.025)).isEqualTo("2.5");
        assertThatThrownBy(() -> Arm.subset("craig", 0.1)).hasMessageContaining("craig");
        assertThatThrownBy(() -> new BenchDesign("x", "d", 9, 10, 5, 2, 1, 1, List.of(Arm.subset("milo", 0.1))))
                .hasMessageContaining("baseline");
    }

    @Test
    void textSetsTrainAnMlpHeadOnMiniLmEmbeddings() {
        BenchDesign imdb = BenchDesign.preset("quick", "imdb-5k");
        assertThat(imdb.text()).isTrue();
        JsonNode spec = imdb.spec(imdb.arms().get(2));
        assertThat(spec.path("dataset").path("encoder").asText()).isEqualTo("minilm");
        assertThat(spec.path("model").path("family").asText()).isEqualTo("embedding-mlp");
        assertThat(imdb.trainingSpec(imdb.trainingArms().get(0)).path("model").path("family").asText()).isEqualTo("embedding-mlp");
        BenchDesign fashion = BenchDesign.preset("quick", "fashion-mnist");
        assertThat(fashion.spec(fashion.arms().get(0)).path("model").path("family").asText()).isEqualTo("mlp");
        assertThat(fashion.withSeed(7).spec(fashion.arms().get(0)).path("seed").asLong()).isEqualTo(7);
    }

    @Test
    void selectingArmsKeepsTheBaseline() {
        BenchDesign quick = BenchDesign.preset("quick", "fashion-mnist");
        BenchDesign some = BenchApp.select(quick, java.util.Optional.of(List.of("milo-10")));
        assertThat(some.arms()).extracting(Arm::id).containsExactly("full-asha", "milo-10");
        assertThatThrownBy(() -> BenchApp.select(quick, java.util.Optional.of(List.of("milo-50")))).hasMessageContaining("milo-50");
    }

    @Test
    void optionsAreParsed() {
        BenchApp.Options o = BenchApp.Options.parse("bench", "--preset", "full", "--out", "x/y", "--arms", "milo-1,random-1");
        assertThat(o.preset()).isEqualTo("full");
        assertThat(o.dataset()).isEqualTo("fashion-mnist");
        assertThat(o.out()).contains(Path.of("x/y"));
        assertThat(o.arms()).contains(List.of("milo-1", "random-1"));
        assertThat(o.seeds()).isEqualTo(1);
        assertThat(BenchApp.Options.parse("bench", "--preset", "quick", "--seeds", "3").seeds()).isEqualTo(3);
        assertThat(o.peerThreads()).isEqualTo(2);
        assertThat(BenchApp.Options.parse("bench", "--preset", "claim", "--peer-threads", "1").peerThreads()).isEqualTo(1);
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--peer-threads", "0"))
                .hasMessageContaining("--peer-threads is 0, but must be a whole number in [1, 256]");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--seeds", "0"))
                .hasMessageContaining("--seeds is 0, but must be a whole number >= 1");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench")).hasMessageContaining("--preset");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset"))
                .hasMessageContaining("Missing required parameter for option '--preset'");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--fast", "1")).hasMessageContaining("--fast");
    }

    /** examples/bench/PRESET/ (Fashion-MNIST) and examples/bench/imdb-5k/PRESET/ hold exactly the specs the code generates (regenerate with -Dmilotune.bench.write-examples=true). */
    @ParameterizedTest
    @CsvSource({"quick, fashion-mnist, quick", "full, fashion-mnist, full", "claim, fashion-mnist, claim", "wide, fashion-mnist, wide", "quick, imdb-5k, imdb-5k/quick", "full, imdb-5k, imdb-5k/full"})
    void committedExampleSpecsEqualTheGeneratedOnes(String preset, String dataset, String folder) throws IOException {
        BenchDesign design = BenchDesign.preset(preset, dataset);
        Path dir = Path.of("examples", "bench").resolve(folder);
        if (WRITE) {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.delete(p);
                }
            }
            for (Arm arm : design.arms()) {
                Files.writeString(dir.resolve(design.fileName(arm)), design.specJson(arm));
            }
        }
        List<String> expected = new ArrayList<>();
        for (Arm arm : design.arms()) {
            expected.add(design.fileName(arm));
            assertThat(dir.resolve(design.fileName(arm))).as("regenerate with -Dmilotune.bench.write-examples=true")
                    .hasContent(design.specJson(arm));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
