package dev.milotune.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged application run as a separate process, the way the README runs it. */
final class LaunchedApp implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final Path log;
    final int port;
    final Duration startup;
    /** Where the application keeps its data, and so its admin token. */
    final Path dataDir;

    private LaunchedApp(Process process, Path log, int port, Duration startup, Path dataDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startup = startup;
        this.dataDir = dataDir;
    }

    /** The admin token the application created in its data dir at its first start (none for a worker). */
    String adminToken() throws IOException {
        Path file = dataDir.resolve("admin-token");
        return Files.exists(file) ? Files.readString(file).trim() : "none";
    }

    private static Path dataDir(Path workDir, String... properties) {
        for (String p : properties) {
            if (p.startsWith("-Dmilotune.data-dir=")) {
                return workDir.resolve(p.substring("-Dmilotune.data-dir=".length()));
            }
        }
        return workDir.resolve(".milotune");
    }

    static Path artifact() {
        return Path.of(System.getProperty("milotune.artifact", "target/quarkus-app/quarkus-run.jar"));
    }

    /** Starts the artifact with the given system properties; returns once it listens, or fails with its log. */
    static LaunchedApp start(Path workDir, Path log, String... properties) throws IOException, InterruptedException {
        return start(workDir, log, false, properties);
    }

    /**
     * Starts the artifact with the test fixtures on its class path (the committed datasets cut from
     * the real sets), so that a study can run on them; the artifact itself is unchanged.
     */
    static LaunchedApp startWithFixtures(Path workDir, Path log, String... properties) throws IOException, InterruptedException {
        return start(workDir, log, true, properties);
    }

    private static LaunchedApp start(Path workDir, Path log, boolean fixtures, String... properties)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Process process = launch(workDir, log, fixtures, properties);
        while (true) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = LISTENING.matcher(output);
            if (m.find()) {
                return new LaunchedApp(process, log, Integer.parseInt(m.group(1)), Duration.ofNanos(System.nanoTime() - begin),
                        dataDir(workDir, properties));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the application exited with " + process.exitValue() + " before listening:\n" + output);
            }
            if (Duration.ofNanos(System.nanoTime() - begin).toSeconds() > 120) {
                process.destroyForcibly();
                throw new AssertionError("the application did not listen within 120 s:\n" + output);
            }
            Thread.sleep(200);
        }
    }

    /** Runs the artifact expecting it to fail; returns its exit code and output. */
    static Failure expectFailure(Path workDir, Path log, String... properties) throws IOException, InterruptedException {
        Process process = launch(workDir, log, false, properties);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application was expected to fail at start-up but still runs:\n" + Files.readString(log));
        }
        return new Failure(process.exitValue(), Files.readString(log));
    }

    record Failure(int exitCode, String output) {
    }

    /** Runs a command of the artifact ({@code java -jar quarkus-run.jar ARGUMENTS}) to its end. */
    static Ended runCommand(Path workDir, Path log, String... arguments) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Process process = launch(workDir, log, false, List.of(arguments));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("milotune " + String.join(" ", arguments) + " still runs after 120 s:\n" + Files.readString(log));
        }
        return new Ended(process.exitValue(), Files.readString(log), Duration.ofNanos(System.nanoTime() - begin));
    }

    /** How a command ended: its exit code, its output (standard output and error) and how long it ran. */
    record Ended(int exitCode, String output, Duration took) {
    }

    private static Process launch(Path workDir, Path log, boolean fixtures, String... properties) throws IOException {
        return launch(workDir, log, fixtures, List.of(), properties);
    }

    private static Process launch(Path workDir, Path log, boolean fixtures, List<String> arguments, String... properties)
            throws IOException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dquarkus.http.port=0");
        command.addAll(List.of(properties));
        if (fixtures) {
            command.add("-cp");
            command.add(artifact().toAbsolutePath() + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath());
            command.add("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        } else {
            command.add("-jar");
            command.add(artifact().toAbsolutePath().toString());
        }
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken()).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** kill -9: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** SIGTERM, as Ctrl-C or Kubernetes would stop it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application did not stop within 60 s of SIGTERM");
        }
    }
}
