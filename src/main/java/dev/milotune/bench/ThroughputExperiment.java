package dev.milotune.bench;

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
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code milotune bench --experiment throughput [--dataset fashion-mnist] [--out DIR]}: training
 * items per second of the worker's epoch path (one slot on all cores, one slot on one core, the
 * default slots, and the default slots each on all cores), of a plain DJL loop, and of a plain
 * PyTorch loop (the peer, {@code bench/torch_throughput.py}, when a {@code python3} with
 * {@code torch} is installed; it refuses the reference BLAS). One warm-up epoch, then three measured.
 * Each of the worker's rounds is paired with a peer epoch run just before it, alone on the machine:
 * the ratio to the peer is taken per pair (this machine's speed drifts by tens of percent over
 * minutes), and its median, minimum and maximum are reported. Runs without the service: no broker,
 * no database, nothing else on the cores.
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

    /** One measured path with the peer's epochs paired to its rounds (empty without the peer). */
    record Row(Measurement measurement, List<PeerProcess.Epoch> peer) {

        List<Double> ratios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < peer.size(); i++) {
                ratios.add(measurement.rounds().get(i) / peer.get(i).itemsPerSecond());
            }
            return ratios;
        }
    }

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

        PeerProcess.Peer peer = PeerProcess.start(dataDir.datasets().resolve(dataset), cores);
        peer.process().ifPresentOrElse(p -> OUT.println("  PyTorch peer: " + p.engine() + " on " + p.blas()),
                () -> OUT.println("  PyTorch peer not measured: " + peer.missing()));
        List<Row> rows = new ArrayList<>();
        try {
            for (Model model : MODELS) {
                if (peer.process().isPresent()) {
                    peer.process().get().model(model.label());
                }
                record Variant(int slots, int threads) {
                }
                List<Variant> variants = new ArrayList<>(List.of(new Variant(1, cores)));
                if (cores > 1) {
                    // One slot on one core: what each of the default slots does.
                    variants.add(new Variant(1, 1));
                }
                if (slots > 1) {
                    variants.add(new Variant(slots, perSlot));
                    if (perSlot != cores) {
                        // What the default avoids: every slot with all the cores' threads.
                        variants.add(new Variant(slots, cores));
                    }
                }
                for (Variant v : variants) {
                    List<PeerProcess.Epoch> paired = new ArrayList<>();
                    Measurement m = TrainingThroughput.worker(data, model, BATCH, v.slots(), v.threads(), WARMUP, ROUNDS,
                            () -> paired.add(peerEpoch(peer)));
                    rows.add(announce(new Row(m, measuredPart(paired))));
                }
                List<PeerProcess.Epoch> paired = new ArrayList<>();
                Measurement djl = TrainingThroughput.plainDjl(data, model, BATCH, cores, WARMUP, ROUNDS, () -> paired.add(peerEpoch(peer)));
                rows.add(announce(new Row(djl, measuredPart(paired))));
            }
        } finally {
            if (peer.process().isPresent()) {
                peer.process().get().close();
            }
        }

        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", "throughput");
        root.put("dataset", dataset);
        root.put("date", started.toString());
        root.put("command", command);
        root.set("machine", JSON.valueToTree(machine));
        root.put("defaultSlots", slots);
        root.put("batch", BATCH);
        root.put("warmupEpochs", WARMUP);
        root.put("measuredEpochs", ROUNDS);
        root.put("jvmWarmUpBatches", JVM_WARMUP_BATCHES);
        root.put("jvmWarmUpSeconds", Math.round(warmUp * 10) / 10.0);
        ObjectNode peerNode = root.putObject("peer");
        peerNode.put("script", "bench/torch_throughput.py");
        peer.process().ifPresent(p -> {
            peerNode.put("engine", p.engine());
            peerNode.put("blas", p.blas());
            peerNode.put("threads", cores);
        });
        if (peer.process().isEmpty()) {
            peerNode.put("notMeasured", peer.missing());
        }
        ArrayNode throughput = root.putArray("throughput");
        for (Row row : rows) {
            Measurement m = row.measurement();
            ObjectNode node = throughput.addObject();
            node.put("model", m.model().family());
            node.put("hidden", m.model().hidden());
            node.put("path", m.path());
            node.put("slots", m.slots());
            node.put("threadsPerSlot", m.threadsPerSlot());
            node.put("itemsPerSecond", Math.round(m.itemsPerSecond()));
            node.set("epochs", JSON.valueToTree(m.rounds().stream().map(Math::round).toList()));
            if (Double.isFinite(m.validationItemsPerSecond())) {
                node.put("validationItemsPerSecond", Math.round(m.validationItemsPerSecond()));
            }
            node.put("device", m.device());
            if (!row.peer().isEmpty()) {
                node.set("peerEpochs", JSON.valueToTree(row.peer().stream().map(e -> Math.round(e.itemsPerSecond())).toList()));
                node.put("peerValidationItemsPerSecond", Math.round(median(row.peer().stream()
                        .map(PeerProcess.Epoch::validationItemsPerSecond).toList())));
                List<Double> ratios = row.ratios();
                ObjectNode ratio = node.putObject("ratioToPeer");
                ratio.put("median", round2(median(ratios)));
                ratio.put("min", round2(Collections.min(ratios)));
                ratio.put("max", round2(Collections.max(ratios)));
            }
        }
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(root));
        OUT.println();
        OUT.println(table(rows));
        OUT.println("Written: " + out.resolve("results.json").toAbsolutePath());
        return 0;
    }

    private static PeerProcess.Epoch peerEpoch(PeerProcess.Peer peer) {
        if (peer.process().isEmpty()) {
            return null;
        }
        try {
            return peer.process().get().epoch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The peer epochs paired with measured rounds: the warm-up's pairs dropped (none without a peer). */
    private static List<PeerProcess.Epoch> measuredPart(List<PeerProcess.Epoch> paired) {
        return paired.contains(null) ? List.of() : List.copyOf(paired.subList(WARMUP, paired.size()));
    }

    private static Row announce(Row row) {
        Measurement m = row.measurement();
        String ratio = row.peer().isEmpty() ? "" : String.format(Locale.ROOT, ", %.2fx the PyTorch epochs paired with it %s",
                median(row.ratios()), row.peer().stream().map(e -> String.format(Locale.ROOT, "%.0f", e.itemsPerSecond())).toList());
        OUT.printf(Locale.ROOT, "  %-8s %-7s %d slot(s) x %d thread(s): %,.0f items/s (epochs %s)%s%n", m.model().label(), m.path(),
                m.slots(), m.threadsPerSlot(), m.itemsPerSecond(),
                m.rounds().stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(), ratio);
        return row;
    }

    /** Markdown table: one row per model and path, with the paired ratio to the PyTorch peer. */
    static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder("| model | path | slots x threads | items/s | PyTorch items/s (paired) | ratio, median [min, max] "
                + "| validation items/s (worker / PyTorch) |\n|---|---|---|---:|---:|---|---|\n");
        for (Row row : rows) {
            Measurement m = row.measurement();
            List<Double> ratios = row.ratios();
            double peerRate = row.peer().isEmpty() ? Double.NaN : median(row.peer().stream().map(PeerProcess.Epoch::itemsPerSecond).toList());
            md.append(String.format(Locale.ROOT, "| %s | %s | %d x %d | %,.0f | %s | %s | %s |%n", m.model().label(), m.path(), m.slots(),
                    m.threadsPerSlot(), m.itemsPerSecond(), Double.isNaN(peerRate) ? "-" : String.format(Locale.ROOT, "%,.0f", peerRate),
                    ratios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", median(ratios), Collections.min(ratios),
                            Collections.max(ratios)),
                    Double.isFinite(m.validationItemsPerSecond()) && !row.peer().isEmpty()
                            ? String.format(Locale.ROOT, "%,.0f / %,.0f", m.validationItemsPerSecond(),
                                    median(row.peer().stream().map(PeerProcess.Epoch::validationItemsPerSecond).toList()))
                            : "-"));
        }
        return md.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
