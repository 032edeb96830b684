package dev.milotune.cli;

import dev.milotune.bench.BenchApp;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, several entry points. The offline tools ({@code select}, {@code fetch}, ...) run
 * without booting the service: no broker, no database. {@code run SPEC.json} starts the service and
 * runs one study to its end (the main job); {@code bench --preset quick|full} runs the speedup
 * experiment's arms one after the other and exits. Anything else starts the service with its configured
 * role.
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
        if (args.length > 0 && MilotuneCommand.isTool(args[0])) {
            System.exit(MilotuneCommand.execute(args));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            BenchApp.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("run")) {
            RunStudy.Refusal refusal = RunStudy.check(args);
            if (refusal != null) {
                (refusal.exitCode() == 0 ? System.out : System.err).println(refusal.message());
                System.exit(refusal.exitCode());
            }
            Quarkus.run(RunStudy.class, (code, failure) -> System.exit(code), args);
            return;
        }
        Quarkus.run(args);
    }
}
