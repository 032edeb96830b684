package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** bench's options are parsed and checked whole before the service starts. */
class BenchCommandTest {

    @TempDir
    Path results;

    @Test
    void eachExperimentTakesWhatItNeeds() throws Exception {
        Files.writeString(results.resolve("results.json"), "{}");
        BenchApp.Options throughput = BenchCommand.parse("--experiment", "throughput", "--dataset", "mnist");
        assertThat(throughput.standalone()).isTrue();
        assertThat(throughput.dataset()).isEqualTo("mnist");
        BenchApp.Options orchestrator = BenchCommand.parse("--experiment", "orchestrator", "--trials", "50", "--concurrency", "8",
                "--segment-seconds", "0.5", "--warm-up-trials", "200");
        assertThat(orchestrator.trials()).isEqualTo(50);
        assertThat(orchestrator.warmUpTrials()).isEqualTo(200);
        assertThat(BenchCommand.parse("--experiment", "orchestrator").warmUpTrials()).isEqualTo(3000);
        assertThat(orchestrator.concurrency()).isEqualTo(8);
        assertThat(orchestrator.segmentSeconds()).isEqualTo(0.5);
        assertThat(BenchCommand.parse("--render", results.toString()).preset()).isNull();
        BenchApp.Options arms = BenchCommand.parse("--preset", "quick", "--arms", "milo-10,random-10", "--seeds", "2");
        assertThat(arms.arms()).contains(List.of("milo-10", "random-10"));
        assertThat(arms.out()).isEmpty();
        assertThat(BenchCommand.parse("--preset", "full", "--out", "x").out()).contains(Path.of("x"));
    }

    @Test
    void whatNoTypeSaysIsCheckedToo() throws Exception {
        Files.writeString(results.resolve("results.json"), "{}");
        assertThatThrownBy(() -> BenchCommand.parse("--preset", "quick", "--arms", "milo-50")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("no arm milo-50 in preset quick");
        assertThatThrownBy(() -> BenchCommand.parse("--experiment", "orchestrator", "--segment-seconds", "4000"))
                .hasMessage("--segment-seconds is 4000.0, but must be a number of seconds in [0, 3600]");
        assertThatThrownBy(() -> BenchCommand.parse("--experiment", "orchestrator", "--concurrency", "0"))
                .hasMessage("--concurrency is 0, but must be a whole number >= 1");
        assertThatThrownBy(() -> BenchCommand.parse("--experiment", "orchestrator", "--warm-up-trials", "0"))
                .hasMessage("--warm-up-trials is 0, but must be a whole number >= 1");
        assertThatThrownBy(() -> BenchCommand.parse("--render", results.toString(), "--seeds", "2"))
                .hasMessage("--render takes no other option, but --seeds given");
        assertThatThrownBy(() -> BenchCommand.parse("--render", "nowhere"))
                .hasMessage("--render is nowhere, but must be a directory with a results.json (the output of a bench)");
    }
}
