package dev.milotune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.Datasets;
import dev.milotune.data.DjlSetup;
import dev.milotune.data.SplitSpec;
import dev.milotune.worker.TrainingThreads;
import dev.milotune.worker.TrainingThroughput;
import dev.milotune.worker.TrainingThroughput.Measurement;
import dev.milotune.worker.TrainingThroughput.Model;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code milotune bench --experiment throughput [--dataset fashion-mnist] [--out DIR]}: training
 * items per second of the worker's epoch path with one slot and with the default slots, of a plain
 * DJL loop, and of a plain PyTorch loop (the peer, {@code bench/torch_throughput.py} run in the
 * same invocation when a {@code python3} with {@code torch} is installed; it refuses to report on
 * the reference BLAS). One warm-up epoch, then the median of three. Runs without the service: no
 * broker, no database, nothing else on the cores.
 */
final class ThroughputExperiment {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<Model> MODELS = List.of(new Model("mlp", 64), new Model("mlp", 128), new Model("mlp", 256),
            new Model("cnn", 128));
    static final int BATCH = 128;
    static final int WARMUP = 1;
    static final int ROUNDS = 3;
    /** Batches of JVM warm-up before anything is measured: on 2 cores the JIT was still compiling after 4,000. */
    static final int JVM_WARMUP_BATCHES = 8000;

    private ThroughputExperiment() {
    }

    static int run(String dataset, Optional<Path> outOption, String command) throws IOException, InterruptedException {
        Instant started = Instant.now();
        Path out = outOption.orElse(Path.of("bench-results", "throughput-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started)));
        Files.createDirectories(out);
        DataDirectory dataDir = DataDirectory.resolve();
        DjlSetup.configure(dataDir);
        DatasetFetcher.fetchIfMissing(dataDir, dataset, OUT::println);
        Dataset data = Datasets.load(dataset, dataDir, SplitSpec.defaults());
        if (data.train().shape().length != 3) {
            System.err.println("--dataset " + dataset + " is " + data.kind() + ", but the throughput experiment needs 28 x 28 images");
            return 2;
        }
        MachineInfo machine = MachineInfo.current();
        int cores = machine.cores();
        int slots = Integer.parseInt(MilotuneConfig.Worker.DEFAULT_SLOTS);
        int perSlot = TrainingThreads.perSlot(slots, 0);
        OUT.printf(Locale.ROOT, "Throughput on %s (%d training items, batch %d, Adam): %d warm-up epoch, median of %d; machine: %s%n",
                dataset, data.train().size(), BATCH, WARMUP, ROUNDS, machine.describe());

        double warmUp = TrainingThroughput.warmUpJvm(data, JVM_WARMUP_BATCHES);
        OUT.printf(Locale.ROOT, "  JVM warm-up: %,d batches of a small MLP in %.1f s (the JIT compiles the training loop)%n",
                JVM_WARMUP_BATCHES, warmUp);
        // Model by model, the peer first and then the worker's variants: the machine's speed drifts, so
        // the figures that are compared are taken close together.
        Optional<String> python = pythonWithTorch();
        List<Measurement> measured = new ArrayList<>();
        List<JsonNode> peerRows = new ArrayList<>();
        Optional<String> peerEngine = Optional.empty();
        Optional<String> peerBlas = Optional.empty();
        Optional<String> peerMissing = python.isEmpty()
                ? Optional.of("no python3 with torch (Debian: apt-get install python3-torch libopenblas0-openmp)") : Optional.empty();
        for (Model model : MODELS) {
            if (peerMissing.isEmpty()) {
                Peer peer = peer(python.get(), dataDir.datasets().resolve(dataset), cores, model);
                peerRows.addAll(peer.rows());
                peerEngine = peer.engine();
                peerBlas = peer.blas();
                peerMissing = peer.missing();
            }
            measured.add(announce(TrainingThroughput.worker(data, model, BATCH, 1, cores, WARMUP, ROUNDS)));
            if (cores > 1) {
                // One slot on one core: what each of the default slots does.
                measured.add(announce(TrainingThroughput.worker(data, model, BATCH, 1, 1, WARMUP, ROUNDS)));
            }
            if (slots > 1) {
                measured.add(announce(TrainingThroughput.worker(data, model, BATCH, slots, perSlot, WARMUP, ROUNDS)));
                if (perSlot != cores) {
                    // What the default avoids: every slot with all the cores' threads.
                    measured.add(announce(TrainingThroughput.worker(data, model, BATCH, slots, cores, WARMUP, ROUNDS)));
                }
            }
            measured.add(announce(TrainingThroughput.plainDjl(data, model, BATCH, cores, WARMUP, ROUNDS)));
        }
        Peer peer = new Peer(peerRows, peerEngine, peerBlas, peerMissing);

        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", "throughput");
        root.put("dataset", dataset);
        root.put("date", started.toString());
        root.put("command", command);
        root.set("machine", JSON.valueToTree(machine));
        ObjectNode versions = root.putObject("versions");
        versions.put("djl", ai.djl.util.Utils.class.getPackage() == null ? "?" : String.valueOf(
                ai.djl.util.Utils.class.getPackage().getImplementationVersion()));
        versions.put("worker", "SegmentTrainer");
        root.put("defaultSlots", slots);
        root.put("batch", BATCH);
        root.put("warmupEpochs", WARMUP);
        root.put("measuredEpochs", ROUNDS);
        root.put("jvmWarmUpBatches", JVM_WARMUP_BATCHES);
        root.put("jvmWarmUpSeconds", Math.round(warmUp * 10) / 10.0);
        ArrayNode rows = root.putArray("throughput");
        for (Measurement m : measured) {
            ObjectNode row = rows.addObject();
            row.put("model", m.model().family());
            row.put("hidden", m.model().hidden());
            row.put("path", m.path());
            row.put("slots", m.slots());
            row.put("threadsPerSlot", m.threadsPerSlot());
            row.put("itemsPerSecond", Math.round(m.itemsPerSecond()));
            row.set("epochs", JSON.valueToTree(m.rounds().stream().map(Math::round).toList()));
            if (Double.isFinite(m.validationItemsPerSecond())) {
                row.put("validationItemsPerSecond", Math.round(m.validationItemsPerSecond()));
            }
            row.put("device", m.device());
        }
        for (JsonNode p : peer.rows()) {
            ObjectNode row = rows.addObject();
            String label = p.path("model").asText();
            row.put("model", label.startsWith("mlp") ? "mlp" : "cnn");
            row.put("hidden", label.startsWith("mlp") ? Integer.parseInt(label.substring(4)) : 128);
            row.put("path", "pytorch");
            row.put("slots", 1);
            row.put("threadsPerSlot", p.path("threads").asInt());
            row.put("itemsPerSecond", Math.round(p.path("itemsPerSecond").asDouble()));
            row.set("epochs", p.path("rounds"));
            row.put("validationItemsPerSecond", Math.round(p.path("validationItemsPerSecond").asDouble()));
            row.put("device", "cpu");
        }
        ObjectNode peerNode = root.putObject("peer");
        peerNode.put("script", "bench/torch_throughput.py");
        peer.engine().ifPresent(e -> peerNode.put("engine", e));
        peer.blas().ifPresent(b -> peerNode.put("blas", b));
        peer.missing().ifPresent(m -> peerNode.put("notMeasured", m));
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(root));

        String table = table(rows);
        OUT.println();
        OUT.println(table);
        peer.missing().ifPresent(m -> OUT.println("PyTorch peer not measured: " + m));
        peer.blas().ifPresent(b -> OUT.println("PyTorch peer: " + peer.engine().orElse("?") + " on " + b));
        OUT.println("Written: " + out.resolve("results.json").toAbsolutePath());
        return 0;
    }

    private static Measurement announce(Measurement m) {
        OUT.printf(Locale.ROOT, "  %-8s %-7s %d slot(s) x %d thread(s): %,.0f items/s (epochs %s)%n", m.model().label(), m.path(),
                m.slots(), m.threadsPerSlot(), m.itemsPerSecond(), m.rounds().stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
        return m;
    }

    /** Markdown table: one row per model and path, with the ratio to the PyTorch peer's figure for that model. */
    static String table(ArrayNode rows) {
        StringBuilder md = new StringBuilder("| model | path | slots x threads | items/s | vs PyTorch | validation items/s |\n"
                + "|---|---|---|---:|---:|---:|\n");
        for (JsonNode row : rows) {
            String label = row.path("model").asText().equals("mlp") ? "mlp-" + row.path("hidden").asInt() : "cnn";
            Optional<Double> peer = peerRate(rows, row);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d x %d | %,d | %s | %s |%n", label, row.path("path").asText(),
                    row.path("slots").asInt(), row.path("threadsPerSlot").asInt(), row.path("itemsPerSecond").asLong(),
                    peer.map(p -> String.format(Locale.ROOT, "%.2fx", row.path("itemsPerSecond").asDouble() / p)).orElse("-"),
                    row.has("validationItemsPerSecond") ? String.format(Locale.ROOT, "%,d", row.path("validationItemsPerSecond").asLong()) : "-"));
        }
        return md.toString();
    }

    private static Optional<Double> peerRate(ArrayNode rows, JsonNode row) {
        for (JsonNode other : rows) {
            if (other.path("path").asText().equals("pytorch") && other.path("model").equals(row.path("model"))
                    && other.path("hidden").equals(row.path("hidden"))) {
                return Optional.of(other.path("itemsPerSecond").asDouble());
            }
        }
        return Optional.empty();
    }

    /** What the PyTorch peer printed, or why it was not run. */
    record Peer(List<JsonNode> rows, Optional<String> engine, Optional<String> blas, Optional<String> missing) {
    }

    /** The peer's figure for one model, run as its own process. */
    private static Peer peer(String python, Path datasetDir, int threads, Model model) throws IOException, InterruptedException {
        Path script = Files.createTempFile("torch_throughput", ".py");
        try (InputStream in = ThroughputExperiment.class.getResourceAsStream("/bench/torch_throughput.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = List.of(python, script.toString(), datasetDir.toString(), String.valueOf(threads), "--models",
                model.label(), "--warmup", String.valueOf(WARMUP), "--rounds", String.valueOf(ROUNDS));
        OUT.println("  PyTorch peer: " + String.join(" ", cmd));
        Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> rows = new ArrayList<>();
        Optional<String> engine = Optional.empty();
        Optional<String> blas = Optional.empty();
        Optional<String> error = Optional.empty();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                engine = Optional.of(node.path("engine").asText());
                blas = Optional.of(node.path("blas").asText());
                if (node.has("error")) {
                    error = Optional.of(node.path("error").asText());
                } else {
                    rows.add(node);
                    OUT.printf(Locale.ROOT, "  %-8s pytorch 1 slot(s) x %d thread(s): %,.0f items/s%n", node.path("model").asText(),
                            node.path("threads").asInt(), node.path("itemsPerSecond").asDouble());
                }
            }
        }
        int code = process.waitFor();
        Files.deleteIfExists(script);
        if (error.isPresent()) {
            return new Peer(List.of(), engine, blas, error);
        }
        if (code != 0) {
            return new Peer(rows, engine, blas, Optional.of("the PyTorch script exited with " + code));
        }
        return new Peer(rows, engine, blas, Optional.empty());
    }

    /** {@code python3} on the path, else Debian's {@code /usr/bin/python3}: the first that imports torch. */
    private static Optional<String> pythonWithTorch() throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed: try the next
            }
        }
        return Optional.empty();
    }
}
