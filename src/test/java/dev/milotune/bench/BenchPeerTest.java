package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer's command line, its output read back, and its refusals; no Python runs here. */
class BenchPeerTest {

    private static final String OUTPUT = "{\"peer\": \"optuna+pytorch\", \"blas\": \"/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3\", "
            + "\"tuningWallSeconds\": 123.4, \"trainingSeconds\": 100.5, \"best\": {\"number\": 3, \"params\": {\"lr\": 0.002, "
            + "\"hidden\": 256}, \"value\": 0.88}, \"retrains\": [{\"seed\": 1, \"testAccuracy\": 0.87, \"seconds\": 40.0}, "
            + "{\"seed\": 2, \"testAccuracy\": 0.88, \"seconds\": 42.0}], \"meanTestAccuracy\": 0.875}";

    @Test
    void aRunReadsTheWallTheRetrainsAndTheChoice() throws Exception {
        PeerResult r = OptunaPeer.parse(OUTPUT, 0, 43, 1.0, 2);
        assertThat(r.ran()).isTrue();
        assertThat(r.id()).isEqualTo("peer-full");
        assertThat(r.position()).isEqualTo(2);
        assertThat(r.tuningWallSeconds()).isEqualTo(123.4);
        assertThat(r.test().mean()).isEqualTo(0.875);
        assertThat(r.chosen()).containsEntry("hidden", 256);
        assertThat(r.endToEndWallSeconds()).as("full data: no retrain").isEqualTo(123.4);
        PeerResult subset = OptunaPeer.parse(OUTPUT, 0, 43, 0.01, 2);
        assertThat(subset.id()).isEqualTo("peer-random-1");
        assertThat(subset.endToEndWallSeconds()).as("one retrain: the mean of 40 and 42 s").isEqualTo(123.4 + 41.0);
    }

    @Test
    void theReferenceBlasAndFailuresAreSkippedWithTheirReason() throws Exception {
        PeerResult refused = OptunaPeer.parse("{\"error\": \"torch runs on the reference BLAS (/usr/lib/libblas.so.3)\"}", 3, 42, 1, 0);
        assertThat(refused.ran()).isFalse();
        assertThat(refused.skipped()).hasValueSatisfying(w -> assertThat(w).contains("reference BLAS"));
        PeerResult allowed = OptunaPeer.parse(OUTPUT.replace("openblas-openmp/libblas.so.3",
                "blas/libblas.so.3 (reference BLAS, allowed by --allow-reference-blas)"), 0, 42, 1, 0);
        assertThat(allowed.ran()).as("a reference-BLAS time is not a peer's time").isFalse();
        assertThat(OptunaPeer.parse("", 1, 42, 1, 0).skipped()).hasValue("the peer exited with 1 and no result");
    }

    @Test
    void theSplitsAreMilotunesRowsAndTheCommandCarriesTheDesign() throws Exception {
        String json = OptunaPeer.splitsJson("fashion-mnist", "abc", new Dataset.SourceRows(new int[] {5, 1, 9}, new int[] {2}, new int[] {0, 1},
                true));
        JsonNode splits = new ObjectMapper().readTree(json).path("splits");
        assertThat(splits.path("train").path("rows").toString()).isEqualTo("[5,1,9]");
        assertThat(splits.path("validation").path("source").asText()).isEqualTo("train");
        assertThat(splits.path("test").path("source").asText()).isEqualTo("test");
        assertThat(splits.path("test").path("size").asInt()).isEqualTo(2);

        BenchDesign quick = BenchDesign.preset("quick", "fashion-mnist");
        OptunaPeer.Availability other = OptunaPeer.prepare(BenchDesign.preset("quick", "imdb-5k"), null, null, null, Path.of("."), 2);
        assertThat(other.peer()).isEmpty();
        assertThat(other.missing()).contains("only the Fashion-MNIST");

        BenchApp.Options all = BenchCommand.parse("--preset", "quick", "--peer", "all");
        assertThat(all.peerFractions(quick)).startsWith(1.0).hasSizeGreaterThan(1);
        assertThat(BenchCommand.parse("--preset", "quick").peerFractions(quick)).containsExactly(1.0);
        assertThat(BenchCommand.parse("--preset", "quick", "--peer", "none").peerFractions(quick)).isEmpty();
    }

    @Test
    void peerRunsTakeTheirPlaceInTheSeedsRandomOrder() {
        List<String> ids = List.of("full-asha", "full-none", "milo-1", "random-1", PeerResult.id(1.0), PeerResult.id(0.01));
        List<String> order = BenchMath.armOrder(ids, 43);
        assertThat(order).contains("peer-full", "peer-random-1").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(order).isNotEqualTo(BenchMath.armOrder(ids, 42));
    }
}
