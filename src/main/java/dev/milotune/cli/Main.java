package dev.milotune.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, several entry points. The offline tools ({@code select}, {@code fetch}, ...) run
 * without booting the service: no broker, no database. Anything else starts the service with its
 * configured role.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && MilotuneCommand.isTool(args[0])) {
            System.exit(MilotuneCommand.execute(args));
        }
        Quarkus.run(args);
    }
}
