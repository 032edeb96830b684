package dev.milotune.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The offline tools of the artifact, as picocli subcommands. */
@Command(
        name = "milotune",
        mixinStandardHelpOptions = true,
        description = "MILO subset selection and tuning tools. Without a tool name the service starts.",
        subcommands = {SelectCommand.class, FetchCommand.class})
public final class MilotuneCommand {

    /** Tool names handled here; keep in step with the subcommands above. */
    private static final Set<String> TOOLS = Set.of("help", "--help", "-h");

    static boolean isTool(String firstArgument) {
        return TOOLS.contains(firstArgument) || new CommandLine(new MilotuneCommand()).getSubcommands().containsKey(firstArgument);
    }

    static int execute(String... args) {
        return new CommandLine(new MilotuneCommand()).execute(args);
    }
}
