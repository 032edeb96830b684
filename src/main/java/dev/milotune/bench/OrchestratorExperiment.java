package dev.milotune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.orchestration.StudyService;
import dev.milotune.study.Study;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code milotune bench --experiment orchestrator [--trials N] [--concurrency C] [--segment-seconds S] [--out DIR]}:
 * the orchestrator of this artifact (role {@code orchestrator}, the embedded broker, the artifact's
 * database in a fresh data dir) against a {@link SimulatedFleet} of C slots, no training.
 *
 * <ul>
 *   <li>Without {@code --segment-seconds} (throughput): one study of N trials, random sampler, ASHA
 *       r 1, R 9, eta 3, at most C trials in flight; the fleet answers each task at once. Reports
 *       applied per second (epoch reports and outcomes over the study's wall time, submit to
 *       completed) and the decision latency: a segment's outcome sent to the orchestrator's decision
 *       on it (the trial paused at its rung or completed, stored and announced).
 *   <li>With {@code --segment-seconds S} (bookkeeping): N trials of one S-second segment each
 *       (scheduler none) on C slots; the wall time against the ideal ceil(N / C) * S, as Ray Tune's
 *       bookkeeping test measures it, and the time from an outcome to the next task on the freed slot.
 * </ul>
 */
final class OrchestratorExperiment {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OrchestratorExperiment() {
    }

    static int run(StudyService studies, SettledTrials settled, int trials, int concurrency, double segmentSeconds, int warmUpTrials,
            Path out, String command) throws IOException, InterruptedException {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String database = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.db-kind", String.class).orElse("h2");
        boolean bookkeeping = segmentSeconds > 0;
        SimulatedFleet fleet = new SimulatedFleet(bootstrap, "milotune.trials", "milotune.reports", concurrency, segmentSeconds);
        Thread fleetThread = new Thread(fleet, "simulated-fleet");
        fleetThread.start();
        String spec = spec(bookkeeping, trials, concurrency);
        // The fleet's first heartbeat makes its slots known; a warm-up study first brings the JIT to a
        // steady state and warms the dataset's hash and the database's statements, so that the measured
        // study sees an orchestrator as it runs for days (after 100 warm-up trials the measured study
        // still ran on code being compiled: 658 / s against 1,605 / s after 3,000, 2026-12-08).
        Thread.sleep(1500);
        Study warmUp = studies.submit(spec(bookkeeping, warmUpTrials, concurrency));
        while (!studies.get(warmUp.id()).state().isTerminal()) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        fleet.reset();
        settled.record();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        Instant submitted = Instant.now();
        Study study = studies.submit(spec);
        Study done = study;
        // Polled seldom (each poll reads the database); the wall ends at the study's recorded finish.
        while (!done.state().isTerminal()) {
            Thread.sleep(100);
            done = studies.get(study.id());
        }
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double wall = Duration.between(submitted, done.finishedAt().orElseGet(Instant::now)).toNanos() / 1e9;
        settled.stop();
        fleet.stop();
        fleetThread.join();
        return report(fleet, settled, done, trials, concurrency, segmentSeconds, warmUpTrials, database, wall, cpuSeconds, out, command);
    }

    private static String spec(boolean bookkeeping, int trials, int concurrency) {
        return bookkeeping ? """
                {"name": "bench-orchestrator", "dataset": {"name": "fashion-mnist"}, "model": {"family": "mlp", "epochs": 1},
                 "searchSpace": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}},
                 "sampler": {"type": "random"}, "scheduler": {"type": "none"},
                 "maxTrials": %d, "maxConcurrentTrials": %d, "subset": {"strategy": "full"}, "seed": 1,
                 "finalRetrain": {"enabled": false}}""".formatted(trials, concurrency) : """
                {"name": "bench-orchestrator", "dataset": {"name": "fashion-mnist"}, "model": {"family": "mlp", "epochs": 9},
                 "searchSpace": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}},
                 "sampler": {"type": "random"}, "scheduler": {"type": "asha", "r": 1, "R": 9, "eta": 3},
                 "maxTrials": %d, "maxConcurrentTrials": %d, "subset": {"strategy": "full"}, "seed": 1,
                 "finalRetrain": {"enabled": false}}""".formatted(trials, concurrency);
    }

    private static int report(SimulatedFleet fleet, SettledTrials settled, Study done, int trials, int concurrency, double segmentSeconds,
            int warmUpTrials, String database, double wall, double cpuSeconds, Path out, String command) throws IOException {
        boolean bookkeeping = segmentSeconds > 0;
        List<Long> latencies = new ArrayList<>();
        fleet.outcomeSentNanos.forEach((key, sent) -> {
            Long decided = settled.firstAfter(key.substring(0, key.indexOf('#')), sent);
            if (decided != null) {
                latencies.add((decided - sent) / 1000);
            }
        });
        Collections.sort(latencies);
        List<Long> reuse = new ArrayList<>(fleet.slotReuseMicros);
        Collections.sort(reuse);
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", "orchestrator");
        root.put("date", Instant.now().toString());
        root.put("command", command);
        root.set("machine", JSON.valueToTree(MachineInfo.current()));
        ObjectNode o = root.putObject("orchestrator");
        o.put("trials", trials);
        o.put("concurrency", concurrency);
        o.put("database", database);
        o.put("studyState", done.state().name());
        o.put("reports", fleet.messagesSent.get());
        o.put("wallSeconds", round(wall, 2));
        o.put("reportsPerSecond", Math.round(fleet.messagesSent.get() / wall));
        o.put("warmUpTrials", warmUpTrials);
        // The whole process over the measured study: orchestrator, embedded broker and simulated fleet.
        o.put("processCpuSeconds", round(cpuSeconds, 2));
        o.put("cpuMillisPerReport", round(cpuSeconds * 1000 / Math.max(1, fleet.messagesSent.get()), 3));
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("p50Ms", round(percentile(latencies, 0.50) / 1000.0, 1));
        o.put("p99Ms", round(percentile(latencies, 0.99) / 1000.0, 1));
        o.put("latency", "a segment's outcome sent to the orchestrator's decision on it (stored and announced), " + latencies.size()
                + " outcomes");
        o.put("slotReuseP50Ms", round(percentile(reuse, 0.50) / 1000.0, 1));
        o.put("slotReuseP99Ms", round(percentile(reuse, 0.99) / 1000.0, 1));
        if (bookkeeping) {
            double ideal = Math.ceil((double) trials / concurrency) * segmentSeconds;
            o.put("segmentSeconds", segmentSeconds);
            o.put("idealWallSeconds", ideal);
            o.put("wallOverIdeal", round(wall / ideal, 3));
            o.put("firstTaskToLastOutcomeSeconds", round((fleet.lastOutcomeNanos - fleet.firstTaskNanos) / 1e9, 2));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(root));
        OUT.printf(Locale.ROOT, "%nOrchestrator on %s, %d trials, %d slots%s: study %s in %.2f s, %,d reports (%,d / s), "
                + "decision latency p50 %.1f ms, p99 %.1f ms; outcome to next task p50 %.1f ms, p99 %.1f ms%s; "
                + "process CPU %.2f s (%.3f ms a report, %d cores), after a warm-up study of %,d trials%n",
                database, trials, concurrency, bookkeeping ? ", segments of " + segmentSeconds + " s" : "", done.state(), wall,
                fleet.messagesSent.get(), Math.round(fleet.messagesSent.get() / wall), percentile(latencies, 0.5) / 1000.0,
                percentile(latencies, 0.99) / 1000.0, percentile(reuse, 0.5) / 1000.0, percentile(reuse, 0.99) / 1000.0,
                bookkeeping ? String.format(Locale.ROOT, "; wall %.3fx the ideal %.0f s", wall / (Math.ceil((double) trials / concurrency)
                        * segmentSeconds), Math.ceil((double) trials / concurrency) * segmentSeconds) : "",
                cpuSeconds, cpuSeconds * 1000 / Math.max(1, fleet.messagesSent.get()), Runtime.getRuntime().availableProcessors(), warmUpTrials);
        OUT.println("Written: " + out.resolve("results.json").toAbsolutePath());
        return done.state().name().equals("COMPLETED") ? 0 : 1;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static double round(double x, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(x * scale) / scale;
    }

    /** A fresh data dir for the experiment's broker and database, sharing the datasets of {@code base}. */
    static Path freshDataDir(Path base) throws IOException {
        Path dir = base.resolve("bench").resolve("orchestrator-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Path datasets = base.resolve("datasets").toAbsolutePath();
        Files.createDirectories(datasets);
        Files.createSymbolicLink(dir.resolve("datasets"), datasets);
        return dir;
    }
}
