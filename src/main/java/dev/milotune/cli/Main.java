package dev.milotune.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, several commands. Without arguments the service starts with its configured role.
 * Anything else is a command of {@link MilotuneCommand} ({@code run}, {@code bench}, {@code select},
 * {@code fetch}, {@code token}, {@code help}), whose options are parsed and checked before anything starts: the
 * offline tools never boot the service; {@code run} and {@code bench} boot it only once their
 * options and specs are valid. An unknown command is an error (exit 2), not a service start.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        // ND4J's native libraries unpack here rather than into ~/.javacpp (unless set explicitly).
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            String dataDir = System.getenv().getOrDefault("MILOTUNE_DATA_DIR", System.getProperty("milotune.data-dir", ".milotune"));
            System.setProperty("org.bytedeco.javacpp.cachedir", java.nio.file.Path.of(dataDir, "javacpp").toString());
        }
        if (args.length == 0) {
            Quarkus.run();
            return;
        }
        System.exit(MilotuneCommand.execute(args));
    }
}
