package dev.milotune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.data.Dataset;
import dev.milotune.data.SplitRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Optuna + PyTorch peer of bench v2 ({@code bench/optuna_peer.py} on the class path, see
 * optuna_peer.md beside it) as one subprocess per run: the bench's design with TPE and successive halving, on
 * milotune's own splits, full data or random subsets. It runs only where a {@code python3}
 * imports torch and optuna, only for Fashion-MNIST (the peer has only the MLP design), and never
 * on the reference BLAS.
 */
final class OptunaPeer {

    static final String SCRIPT = "optuna_peer.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A full-preset peer run takes minutes; an hour means it hangs. */
    private static final long TIMEOUT_MINUTES = 60;

    private final String python;
    private final Path script;
    private final Path splits;
    private final Path datasetDir;
    private final int threads;

    private OptunaPeer(String python, Path script, Path splits, Path datasetDir, int threads) {
        this.python = python;
        this.script = script;
        this.splits = splits;
        this.datasetDir = datasetDir;
        this.threads = threads;
    }

    /** A peer ready to run, or why there is none. */
    record Availability(Optional<OptunaPeer> peer, String missing) {
    }

    /**
     * Finds the interpreter and the script and writes {@code rows} (milotune's splits of the
     * design's dataset, as {@code GET /api/v1/studies/{id}/splits} serves them) to
     * {@code out/peer-splits.json}; the script runs from {@code out/peer/}, kept with the results.
     */
    static Availability prepare(BenchDesign design, Path datasetDir, String contentHash, Dataset.SourceRows rows, Path out, int threads)
            throws IOException, InterruptedException {
        if (!design.dataset().equals("fashion-mnist")) {
            return new Availability(Optional.empty(), "the peer has only the Fashion-MNIST MLP design, not " + design.dataset());
        }
        Optional<String> python = PeerProcess.pythonWith("torch, optuna");
        if (python.isEmpty()) {
            return new Availability(Optional.empty(),
                    "no python3 with torch and optuna (Debian: apt-get install python3-torch python3-optuna libopenblas0-openmp)");
        }
        Path file = out.resolve("peer-splits.json");
        Files.writeString(file, splitsJson(design.dataset(), contentHash, rows));
        return new Availability(Optional.of(new OptunaPeer(python.get(), PeerProcess.extract(SCRIPT, out.resolve("peer")), file,
                datasetDir, threads)), null);
    }

    /** The body of {@code GET /api/v1/studies/{id}/splits}, rows plain (not delta-coded). */
    static String splitsJson(String dataset, String contentHash, Dataset.SourceRows rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", dataset);
        root.put("contentHash", contentHash);
        ObjectNode views = root.putObject("splits");
        for (SplitRole role : SplitRole.values()) {
            split(views, role.name().toLowerCase(Locale.ROOT), rows.source(role), rows.of(role));
        }
        return root.toString();
    }

    private static void split(ObjectNode views, String name, String source, int[] rows) {
        ObjectNode v = views.putObject(name);
        v.put("source", source);
        v.put("size", rows.length);
        v.put("encoding", "plain");
        var array = v.putArray("rows");
        for (int r : rows) {
            array.add(r);
        }
    }

    /** The command line of one run: the design's trials, start-up trials, epochs R and retrains, and its torch threads. */
    List<String> command(BenchDesign design, long seed, double fraction) {
        return List.of(python, "-B", script.toString(), "--dataset-dir", datasetDir.toString(), "--splits", splits.toString(),
                "--fraction", String.format(Locale.ROOT, "%s", fraction), "--seed", String.valueOf(seed),
                "--trials", String.valueOf(design.trials()), "--startup-trials", String.valueOf(design.startupTrials()),
                "--epochs", String.valueOf(design.epochs()), "--retrains", String.valueOf(design.retrains()),
                "--optimizers", "adam,sgd", "--space", design.wide() ? "wide" : "narrow", "--threads", String.valueOf(threads));
    }

    /** Runs the peer once; a refusal or a failure comes back as a skipped result with its reason. */
    PeerResult run(BenchDesign design, long seed, double fraction, int position) throws IOException, InterruptedException {
        List<String> command = command(design, seed, fraction);
        // Its answer goes to a file, so that the time limit holds even when the peer hangs.
        Path answer = script.resolveSibling("peer-" + seed + "-" + fraction + ".json");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(answer.toFile()).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return PeerResult.skipped(seed, fraction, "the peer ran longer than " + TIMEOUT_MINUTES + " min");
        }
        String text = Files.readString(answer, StandardCharsets.UTF_8).strip();
        String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
        return parse(last, process.exitValue(), seed, fraction, position);
    }

    /** The peer's stdout object (its last line) as a result: exit 3 and {@code error} mean it refused. */
    static PeerResult parse(String line, int exitCode, long seed, double fraction, int position) throws IOException {
        JsonNode out;
        try {
            out = line.isEmpty() ? JSON.createObjectNode() : JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return PeerResult.skipped(seed, fraction, "the peer's last line is not JSON: " + line.substring(0, Math.min(200, line.length())));
        }
        if (out.has("error")) {
            return PeerResult.skipped(seed, fraction, out.path("error").asText());
        }
        if (exitCode != 0 || !out.has("tuningWallSeconds")) {
            return PeerResult.skipped(seed, fraction, "the peer exited with " + exitCode + " and no result");
        }
        String blas = out.path("blas").asText();
        if (blas.toLowerCase(Locale.ROOT).contains("reference")) {
            return PeerResult.skipped(seed, fraction, "torch ran on the reference BLAS (" + blas + ")");
        }
        List<Double> tests = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (JsonNode r : out.path("retrains")) {
            tests.add(r.path("testAccuracy").asDouble());
            seconds.add(r.path("seconds").asDouble());
        }
        Map<String, Object> chosen = JSON.convertValue(out.path("best").path("params"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
                });
        return new PeerResult(seed, fraction, position, Optional.empty(), out.path("tuningWallSeconds").asDouble(),
                out.path("trainingSeconds").asDouble(), tests, seconds, chosen, blas);
    }
}
