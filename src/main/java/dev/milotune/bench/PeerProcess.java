package dev.milotune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer of the throughput experiment as a live process ({@code bench/torch_throughput.py}),
 * taking one epoch at a time, so that its epochs alternate with the worker's. It reports which BLAS
 * torch loaded and refuses to run on the reference BLAS.
 */
final class PeerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One peer epoch: training items per second, and validation items per second after it. */
    record Epoch(double itemsPerSecond, double validationItemsPerSecond) {
    }

    private final Process process;
    private final PrintWriter orders;
    private final BufferedReader answers;
    private final Path script;
    private final String engine;
    private final String blas;

    private PeerProcess(Process process, BufferedReader answers, Path script, String engine, String blas) {
        this.process = process;
        this.script = script;
        this.orders = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = answers;
        this.engine = engine;
        this.blas = blas;
    }

    /**
     * Starts the peer, or says why it cannot run: no {@code python3} with torch, or torch on the
     * reference BLAS.
     */
    static Peer start(Path datasetDir, int threads) throws IOException, InterruptedException {
        Optional<String> python = pythonWithTorch();
        if (python.isEmpty()) {
            return new Peer(Optional.empty(), "no python3 with torch (Debian: apt-get install python3-torch libopenblas0-openmp)");
        }
        Path script = extract("torch_throughput.py", Files.createTempDirectory("milotune-bench-python"));
        Process process = new ProcessBuilder(python.get(), "-B", script.toString(), datasetDir.toString(), String.valueOf(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = first.readLine();
        JsonNode hello = line == null ? JSON.createObjectNode() : JSON.readTree(line);
        if (line == null || hello.has("error")) {
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroy();
            deleteScripts(script);
            return new Peer(Optional.empty(), line == null ? "the PyTorch script exited at start" : hello.path("error").asText());
        }
        PeerProcess peer = new PeerProcess(process, first, script, hello.path("engine").asText(), hello.path("blas").asText());
        return new Peer(Optional.of(peer), null);
    }

    /** A started peer, or the reason there is none. */
    record Peer(Optional<PeerProcess> process, String missing) {
    }

    String engine() {
        return engine;
    }

    String blas() {
        return blas;
    }

    /** A fresh model and optimiser of {@code label} ({@code mlp-64}, ..., {@code cnn}). */
    void model(String label) throws IOException {
        orders.println("model " + label);
        answer();
    }

    Epoch epoch() throws IOException {
        orders.println("epoch");
        JsonNode a = answer();
        return new Epoch(a.path("itemsPerSecond").asDouble(), a.path("validationItemsPerSecond").asDouble());
    }

    private JsonNode answer() throws IOException {
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("the PyTorch peer exited");
        }
        JsonNode node = JSON.readTree(line);
        if (node.has("error")) {
            throw new IOException("the PyTorch peer: " + node.path("error").asText());
        }
        return node;
    }

    @Override
    public void close() throws IOException {
        orders.println("quit");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteScripts(script);
    }

    /** {@code python3} on the path, else Debian's {@code /usr/bin/python3}: the first that imports torch. */
    private static Optional<String> pythonWithTorch() throws InterruptedException {
        return pythonWith("torch");
    }

    /**
     * {@code python3} on the path, else Debian's {@code /usr/bin/python3}: the first that imports
     * every module of {@code modules} (comma-separated, as an import statement takes them).
     */
    static Optional<String> pythonWith(String modules) throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import " + modules).redirectErrorStream(true).start();
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

    /**
     * Copies the bench's Python script {@code name} and the module it shares with the others
     * ({@code torch_blas.py}) from the class path into {@code dir}; returns the script.
     */
    static Path extract(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String file : List.of(name, "torch_blas.py")) {
            try (InputStream in = PeerProcess.class.getResourceAsStream("/bench/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        return dir.resolve(name);
    }

    /** Removes what {@link #extract} wrote, and whatever Python left beside it. */
    static void deleteScripts(Path script) throws IOException {
        try (var files = Files.walk(script.getParent())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
