package dev.milotune.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example PyTorch worker (examples/pytorch-worker, on the Python SDK of clients/python) as a
 * process of its own, against the packaged artifact on embedded defaults (SASL broker, tokens):
 * the example study for pool {@code pytorch} completes on MILO subsets delivered per epoch, with
 * every report from the Python worker. Needs Debian's python3-torch, python3-confluent-kafka,
 * python3-requests and python3-numpy (.ci/run installs them).
 */
class PythonWorkerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path work = Path.of("target", "python-it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void theExampleStudyCompletesOnAPythonWorker() throws Exception {
        try (LaunchedApp app = LaunchedApp.startWithFixtures(work, work.resolve("app.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(app.get("/q/health/ready").path("status").asText()));
            // The example reads a dataset's files from <data-dir>/datasets/<name>/, as `fetch` leaves them.
            Path files = Files.createDirectories(app.dataDir.resolve("datasets/fixture-fashion-mnist"));
            for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz")) {
                Files.copy(Path.of("src/test/resources/fixtures/fashion-mnist", f), files.resolve(f));
            }
            Path kafkaConfig = app.dataDir.resolve("kafka-clients/worker.properties");
            Properties kafka = new Properties();
            try (var in = Files.newBufferedReader(kafkaConfig)) {
                kafka.load(in);
            }
            Path workerLog = work.resolve("python-worker.log");
            // Debian's interpreter, where its python3-torch is (a python3 earlier on the PATH may lack it).
            Process worker = new ProcessBuilder(List.of("/usr/bin/python3", "examples/pytorch-worker/worker.py",
                    "--bootstrap", kafka.getProperty("bootstrap.servers"), "--api", "http://localhost:" + app.port,
                    "--data-dir", app.dataDir.toString(), "--kafka-config", kafkaConfig.toString(),
                    "--token-file", app.dataDir.resolve("admin-token").toString(), "--threads", "1"))
                    .redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
            try {
                ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/studies/pytorch-fashion-mnist.json")));
                ((ObjectNode) spec.path("dataset")).put("name", "fixture-fashion-mnist");
                String id = app.post("/api/v1/studies", spec.toString()).path("id").asText();

                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    assertThat(worker.isAlive()).as("the Python worker runs:\n" + log(workerLog)).isTrue();
                    String state = app.get("/api/v1/studies/" + id).path("state").asText();
                    assertThat(state).as("study state; worker log:\n" + log(workerLog)).isIn("PLANNING", "RUNNING", "COMPLETED");
                    return state.equals("COMPLETED");
                });

                JsonNode study = app.get("/api/v1/studies/" + id);
                assertThat(study.path("spec").path("worker").path("pool").asText("pytorch")).isEqualTo("pytorch");
                JsonNode trials = app.get("/api/v1/studies/" + id + "/trials");
                List<String> workers = new ArrayList<>();
                int reports = 0;
                for (JsonNode t : trials) {
                    assertThat(t.path("trial").path("state").asText()).isIn("COMPLETED", "PRUNED");
                    for (JsonNode r : t.path("reports")) {
                        reports++;
                        workers.add(r.path("workerId").asText());
                        assertThat(r.path("metrics").path("validation_accuracy").isNumber()).as(r.toString()).isTrue();
                        double accuracy = r.path("metrics").path("validation_accuracy").asDouble();
                        assertThat(accuracy).isBetween(0.0, 1.0);
                        assertThat(r.path("objective").asDouble()).isEqualTo(accuracy);
                    }
                }
                assertThat(reports).isPositive();
                assertThat(workers).as("every epoch trained by the Python worker").allMatch(w -> !w.isBlank())
                        .allMatch(w -> w.equals(workers.get(0)));
                assertThat(app.get("/api/v1/workers").findValuesAsText("pool")).contains("pytorch", "builtin");
                // Search trials trained on MILO's 10 % subsets, the final retrain on all of the training split.
                JsonNode search = first(trials, "SEARCH");
                JsonNode subset = app.get("/api/v1/studies/" + id + "/trials/" + search.path("trial").path("id").asText()
                        + "/subsets?epoch=0&rung=0");
                assertThat(subset.path("strategy").asText()).isEqualTo("milo");
                assertThat(search.path("reports").get(0).path("itemsSeen").asInt()).isEqualTo(subset.path("size").asInt())
                        .isLessThan(subset.path("numItems").asInt() / 5);
                JsonNode retrain = first(trials, "RETRAIN");
                assertThat(retrain.path("reports").get(0).path("itemsSeen").asInt()).isEqualTo(subset.path("numItems").asInt());
                String log = log(workerLog);
                assertThat(log).as("the worker says which BLAS torch runs on").containsIgnoringCase("blas");
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
                System.out.println("PythonWorkerIT: worker log\n" + log(workerLog));
            }
        }
    }

    private static JsonNode first(JsonNode trials, String purpose) {
        for (JsonNode t : trials) {
            if (t.path("trial").path("purpose").asText().equals(purpose)) {
                return t;
            }
        }
        throw new AssertionError("no " + purpose + " trial in " + trials);
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no log)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
