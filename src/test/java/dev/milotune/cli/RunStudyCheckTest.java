package dev.milotune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milotune run} answers --help and refuses bad arguments and specs before anything starts. */
class RunStudyCheckTest {

    @TempDir
    Path dir;

    @Test
    void helpAndBadArgumentsAreAnsweredWithoutStartingTheService() throws Exception {
        assertThat(RunStudy.check("run", "--help").exitCode()).isZero();
        assertThat(RunStudy.check("run").message()).isEqualTo(RunStudy.USAGE);
        assertThat(RunStudy.check("run", "--exit").exitCode()).isEqualTo(2);
        assertThat(RunStudy.check("run", dir.resolve("missing.json").toString()).message()).startsWith("cannot read the study spec");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\"}");
        assertThat(RunStudy.check("run", bad.toString()).message()).startsWith("The study spec " + bad + " is invalid:")
                .contains("dataset");
        Path example = Path.of("examples", "studies", "quick-fashion-mnist.json");
        assertThat(RunStudy.check("run", example.toString(), "--fast").message()).startsWith("unknown option --fast");
        assertThat(RunStudy.check("run", example.toString(), "--exit")).isNull();
    }
}
