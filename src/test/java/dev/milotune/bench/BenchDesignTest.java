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
    void unknownPresetIsRejected() {
        assertThatThrownBy(() -> BenchDesign.preset("huge", "fashion-mnist")).hasMessageContaining("quick or full");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quick", "full"})
    void armsDifferOnlyInSubsetAndScheduler(String preset) {
        BenchDesign design = BenchDesign.preset(preset, "fashion-mnist");
        JsonNode base = design.spec(design.arms().get(0));
        for (Arm arm : design.arms()) {
            JsonNode spec = design.spec(arm);
            for (String same : List.of("dataset", "model", "searchSpace", "objective", "sampler", "maxTrials",
                    "maxConcurrentTrials", "seed", "finalRetrain")) {
                assertThat(spec.get(same)).as(arm.id() + " " + same).isEqualTo(base.get(same));
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
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--seeds", "0"))
                .hasMessageContaining("--seeds is 0, but must be a whole number >= 1");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench")).hasMessageContaining("--preset");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset"))
                .hasMessageContaining("Missing required parameter for option '--preset'");
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--fast", "1")).hasMessageContaining("--fast");
    }

    /** examples/bench/PRESET/ (Fashion-MNIST) and examples/bench/imdb-5k/PRESET/ hold exactly the specs the code generates (regenerate with -Dmilotune.bench.write-examples=true). */
    @ParameterizedTest
    @CsvSource({"quick, fashion-mnist, quick", "full, fashion-mnist, full", "quick, imdb-5k, imdb-5k/quick", "full, imdb-5k, imdb-5k/full"})
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
