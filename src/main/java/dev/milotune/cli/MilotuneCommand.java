package dev.milotune.cli;

import dev.milotune.bench.BenchCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The artifact's commands, as picocli subcommands: each parses and checks its options before
 * anything starts, so {@code --help} and a bad option answer at once (exit 0 and 2), never after
 * the broker and the database have started.
 */
@Command(
        name = "milotune",
        mixinStandardHelpOptions = true,
        description = {"MILO subset selection and hyperparameter tuning.",
            "Without a command the service starts with its configured role (milotune.role)."},
        subcommands = {RunCommand.class, BenchCommand.class, SelectCommand.class, FetchCommand.class, TokenCommand.class,
            CommandLine.HelpCommand.class})
public final class MilotuneCommand {

    static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, with errors answered in a line or two rather than the whole usage. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new MilotuneCommand());
        line.setParameterExceptionHandler(MilotuneCommand::refuse);
        return line;
    }

    private static int refuse(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            List<String> names = List.copyOf(command.getSubcommands().keySet());
            err.println("command is " + unmatched.getUnmatched().get(0) + ", but must be one of " + String.join(", ", names)
                    + " (none: start the service)");
        } else {
            err.println(e.getMessage());
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
