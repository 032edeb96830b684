package dev.milotune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Every command answers --help and refuses bad options from its parsed options alone: nothing
 * starts (no valid command line of run or bench is executed here; it would start the service).
 */
class MilotuneCommandTest {

    @TempDir
    Path dir;

    /** What a command line printed and returned. */
    record Answer(int exitCode, String out, String err) {
    }

    static Answer execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = MilotuneCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Answer(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource({"run, SPEC.json", "bench, --preset", "select, --embeddings", "fetch, NAME"})
    void everyCommandAnswersHelp(String command, String mentioned) {
        Answer answer = execute(command, "--help");

        assertThat(answer.exitCode()).isZero();
        assertThat(answer.out()).startsWith("Usage: milotune " + command).contains(mentioned);
        assertThat(answer.err()).isEmpty();
        assertThat(execute("help", command).out()).isEqualTo(answer.out());
    }

    @Test
    void theToolItselfListsItsCommands() {
        Answer answer = execute("--help");

        assertThat(answer.exitCode()).isZero();
        assertThat(answer.out()).contains("run", "bench", "select", "fetch", "Without a command the service starts");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bench --bad-option                  | Unknown option: '--bad-option'
            bench --preset                      | Missing required parameter for option '--preset'
            bench --preset quick --seeds x      | Invalid value for option '--seeds': 'x' is not an int
            bench --preset quick --seeds 0      | --seeds is 0, but must be a whole number >= 1
            bench --preset fast                 | --preset fast: unknown preset 'fast': must be quick, full, claim or wide
            bench --experiment speed            | --experiment is speed, but must be one of all, arms, training, throughput, orchestrator
            bench                               | --preset is required for --experiment all: quick, full, claim or wide
            bench --preset quick --dataset cifar | --dataset is cifar, but must be one of
            bench --render out --preset quick   | --render takes no other option, but --preset given
            run                                 | Missing required parameter: 'SPEC.json'
            run spec.json --fast                | Unknown option: '--fast'
            select --embeddings                 | Missing required parameter for option '--embeddings'
            fetch --data-dir                    | Missing required parameter for option '--data-dir'
            tokens list                         | command is tokens, but must be one of run, bench, select, fetch, token, help (none: start the service)
            token create --name ci              | Missing required option: '--role=ROLE'
            token create --name ci --role boss  | --role is boss, but must be one of viewer, member, admin
            token revoke                        | Missing required parameter: 'ID'
            --data-dir x                        | Unknown options: '--data-dir', 'x'
            """)
    void badOptionsAreRefusedWithTheOptionTheValueAndTheRule(String commandLine, String message) {
        Answer answer = execute(commandLine.split(" "));

        assertThat(answer.exitCode()).isEqualTo(2);
        assertThat(answer.err()).contains(message).contains("--help' for more information");
        assertThat(answer.out()).isEmpty();
    }

    @Test
    void runChecksItsSpecBeforeAnythingStarts() throws Exception {
        Answer missing = execute("run", dir.resolve("missing.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the study spec " + dir.resolve("missing.json") + ": no such file");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\"}");
        Answer invalid = execute("run", bad.toString(), "--exit");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("The study spec " + bad + " is invalid:").contains("dataset");

        Path example = Path.of("examples", "studies", "quick-fashion-mnist.json");
        assertThat(execute("run", example.toString(), "--fast").err()).contains("Unknown option: '--fast'");
        RunCommand run = RunCommand.parse(example.toString(), "--exit");
        assertThat(run.exit).isTrue();
        assertThat(run.specJson()).isEqualTo(Files.readString(example));
        assertThat(RunCommand.parse(example.toString()).exit).isFalse();
        assertThatThrownBy(() -> RunCommand.parse(bad.toString())).isInstanceOf(ParameterException.class);
    }
}
