package dev.milotune.cli;

import dev.milotune.orchestration.StudySpecReader;
import dev.milotune.space.InvalidSpecException;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code milotune run SPEC.json [--exit]}: the options and the spec are checked here, before
 * anything starts; then the service starts and {@link RunStudy} follows the study.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the study in SPEC.json on embedded defaults (broker, database and workers in this process): fetches its"
                + " dataset if missing, shows progress, prints the leaderboard, then keeps serving the API and the page.",
            "The options and the spec are checked before anything starts."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The study spec (docs/study-spec.md; examples in examples/studies/).")
    Path specFile;

    @Option(names = "--exit", description = "Exit when the study ends (0 if it completed, else 1) instead of serving on.")
    boolean exit;

    /** The options of {@code args} (the words after {@code run}) with the spec read and checked; a {@link ParameterException} otherwise. */
    static RunCommand parse(String... args) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        command.specJson();
        return command;
    }

    /** The spec's text, once it reads as a valid spec. */
    String specJson() {
        String json;
        try {
            json = Files.readString(specFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the study spec " + specFile + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        try {
            StudySpecReader.read(json, 0);
        } catch (InvalidSpecException e) {
            throw new ParameterException(spec.commandLine(), "The study spec " + specFile + " is invalid: " + e.getMessage());
        }
        return json;
    }

    @Override
    public Integer call() {
        specJson();
        Quarkus.run(RunStudy.class, (code, failure) -> System.exit(code),
                spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        return 0;
    }
}
