package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.milotune.selection.CurriculumOptions;
import dev.milotune.selection.EpochSubsets;
import dev.milotune.selection.SubsetStrategy;
import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.testing.NpyWriter;
import dev.milotune.testing.UserDatasets;
import dev.milotune.testing.TopicClient;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A study of model family {@code external} is trained by its own pool's workers: its tasks go to
 * the pool's topic only once a worker of that pool is alive, the subsets endpoint serves each
 * epoch's items as the built-in worker would compute them, the objective is read from the
 * report's metrics, and a report without it fails the trial with the reason. The orchestrator
 * alone on the real broker; the pool's worker is simulated over Kafka.
 */
@QuarkusTest
@Tag("service")
@Tag("isolated")
@TestProfile(ExternalPoolTest.Orchestrator.class)
class ExternalPoolTest {

    public static class Orchestrator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.role", "orchestrator", "milotune.worker.heartbeat-interval", "PT1S");
        }
    }

    static String spec(String name, String pool) {
        return """
                {"name": "%s", "dataset": {"name": "fixture-fashion-mnist"}, "model": {"family": "external", "epochs": 2,
                  "fixed": {"arch": "resnet-ish"}},
                 "searchSpace": {"learning_rate": {"type": "float", "low": 0.001, "high": 0.01, "log": true},
                                 "Warmup.Steps": {"type": "int", "low": 0, "high": 3000000}},
                 "objective": {"metric": "f1"}, "worker": {"pool": "%s"},
                 "sampler": {"type": "random"}, "scheduler": {"type": "none"},
                 "maxTrials": 1, "maxConcurrentTrials": 1, "subset": {"strategy": "adaptive-random", "fraction": 0.1, "interval": 1},
                 "seed": 5, "finalRetrain": {"enabled": false}}""".formatted(name, pool);
    }

    @Test
    void aPoolsWorkerGetsTheTasksSubsetsAndRanksByItsOwnMetric() {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String id = given().contentType(ContentType.JSON).body(spec("external-pool", "sim-a")).post("/api/v1/studies").then()
                .statusCode(201).extract().path("id");

        // No worker of pool sim-a yet: nothing is sent, to its topic or to the built-in one.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> state(id).equals("none"));
        assertThat(TopicClient.read(bootstrap, "milotune.trials", rs -> false, Duration.ofSeconds(1), Duration.ZERO))
                .noneMatch(r -> r.value().contains(id));
        given().get("/api/v1/studies/" + id).then().statusCode(200).body("workerPool", org.hamcrest.Matchers.equalTo("sim-a"))
                .body("workerPoolSlots", org.hamcrest.Matchers.equalTo(0));

        AtomicReference<List<Heartbeat.RunningSegment>> running = new AtomicReference<>(List.of());
        ScheduledExecutorService worker = beating(bootstrap, "sim-a", running);
        try {
            TrialTask task = task(bootstrap, "milotune.trials.sim-a", id);
            given().get("/api/v1/studies/" + id).then().statusCode(200).body("workerPoolSlots", org.hamcrest.Matchers.equalTo(1));
            assertThat(task.modelFamily()).isEqualTo("external");
            assertThat(task.hyperparameters()).containsOnlyKeys("arch", "learning_rate", "Warmup.Steps").containsEntry("arch", "resnet-ish");
            assertThat(task.objective()).isEqualTo("f1");
            running.set(List.of(task.running(0)));

            // The subsets: what the built-in worker would train on, as JSON deltas and as int32.
            JsonPath subset = given().get("/api/v1/studies/" + id + "/trials/" + task.trialId() + "/subsets?epoch=1").then()
                    .statusCode(200).extract().jsonPath();
            int numItems = subset.getInt("numItems");
            int[] expected = EpochSubsets.forEpoch(SubsetStrategy.ADAPTIVE_RANDOM, null, numItems, 0.1, task.seed(), 1, 2,
                    new CurriculumOptions(task.subset().kappa(), 1));
            assertThat(undelta(subset.getList("indices", Integer.class))).containsExactly(expected);
            assertThat(subset.getString("phase")).isEqualTo("random");
            assertThat(subset.getInt("size")).isEqualTo(numItems / 10);
            byte[] octets = given().accept("application/octet-stream").get("/api/v1/studies/" + id + "/trials/" + task.trialId()
                    + "/subsets?epoch=1").then().statusCode(200).header("X-Milotune-Phase", "random").extract().asByteArray();
            int[] binary = new int[octets.length / 4];
            ByteBuffer.wrap(octets).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(binary);
            assertThat(binary).containsExactly(expected);
            int[] epoch0 = undelta(given().get("/api/v1/studies/" + id + "/trials/" + task.trialId() + "/subsets?epoch=0").then()
                    .statusCode(200).extract().jsonPath().getList("indices", Integer.class));
            assertThat(epoch0).as("adaptive-random draws anew every epoch").isNotEqualTo(expected);
            given().get("/api/v1/studies/" + id + "/trials/" + task.trialId() + "/subsets?epoch=2").then().statusCode(400)
                    .body("field", org.hamcrest.Matchers.equalTo("epoch"));

            // The splits: training rows and validation rows of the same file, disjoint.
            JsonPath splits = given().get("/api/v1/studies/" + id + "/splits").then().statusCode(200).extract().jsonPath();
            assertThat(splits.getInt("splits.train.size")).isEqualTo(numItems);
            assertThat(splits.getString("splits.train.encoding")).isEqualTo("delta");
            assertThat(splits.getString("splits.validation.encoding")).isEqualTo("delta");
            Set<Integer> train = new HashSet<>();
            for (int r : undelta(splits.getList("splits.train.rows", Integer.class))) {
                train.add(r);
            }
            for (int r : undelta(splits.getList("splits.validation.rows", Integer.class))) {
                assertThat(train).doesNotContain(r);
            }
            assertThat(splits.getString("splits.test.source")).as("the fixture has an official test file").isEqualTo("test");

            // Reports with metrics: the objective is the worker's f1.
            Instant now = Instant.now();
            for (int epoch = 0; epoch < 2; epoch++) {
                TopicClient.send(bootstrap, "milotune.reports", task.trialId(), Wire.encode(new dev.milotune.wire.EpochReport(
                        dev.milotune.wire.EpochReport.VERSION, id, task.trialId(), task.attempt(), task.epochFrom(), task.epochTo(),
                        task.seal(), epoch, 0, 0, 0, 1.5, numItems / 10, "cuda:0", "sim-a/1", now,
                        Map.of("f1", 0.25 + 0.5 * epoch, "train_loss", 0.3))));
            }
            TopicClient.send(bootstrap, "milotune.reports", task.trialId(), Wire.encode(task.outcome(SegmentOutcome.Status.COMPLETED,
                    null, false, "s3://bucket/ckpt-1", null, "cuda:0", "sim-a/1", now)));
            running.set(List.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/v1/studies/" + id).then().extract().path("state")
                    .equals("COMPLETED"));
            JsonPath trials = given().get("/api/v1/studies/" + id + "/trials").then().statusCode(200).extract().jsonPath();
            assertThat(trials.getDouble("[0].trial.bestValue")).isEqualTo(0.75);
            assertThat(trials.getDouble("[0].reports[1].metrics.f1")).isEqualTo(0.75);
            assertThat(trials.getDouble("[0].reports[1].trainLoss")).isEqualTo(0.3);
            assertThat(trials.getString("[0].reports[1].validationAccuracy")).as("not reported: not shown as 0").isNull();
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void aReportWithoutTheObjectiveFailsTheTrialWithTheReason() {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String id = given().contentType(ContentType.JSON).body(spec("external-no-objective", "sim-b")).post("/api/v1/studies").then()
                .statusCode(201).extract().path("id");
        AtomicReference<List<Heartbeat.RunningSegment>> running = new AtomicReference<>(List.of());
        ScheduledExecutorService worker = beating(bootstrap, "sim-b", running);
        try {
            TrialTask task = task(bootstrap, "milotune.trials.sim-b", id);
            TopicClient.send(bootstrap, "milotune.reports", task.trialId(), Wire.encode(new dev.milotune.wire.EpochReport(
                    dev.milotune.wire.EpochReport.VERSION, id, task.trialId(), task.attempt(), task.epochFrom(), task.epochTo(),
                    task.seal(), 0, 0, 0, 0, 1.5, 10, "cpu", "sim-b/1", Instant.now(), Map.of("accuracy", 0.5))));
            await().atMost(Duration.ofSeconds(20)).until(() -> state(id).startsWith("FAILED"));
            String error = given().get("/api/v1/studies/" + id + "/trials").then().extract().path("[0].trial.error");
            assertThat(error).contains("[accuracy]").contains("without f1");
            // The worker, still training the segment, is told to stop: its slot is free for the next task.
            assertThat(TopicClient.read(bootstrap, "milotune.control", rs -> rs.stream().anyMatch(r -> r.value().contains(task.trialId())),
                    Duration.ofSeconds(20), Duration.ZERO)).anyMatch(r -> r.value().contains(task.trialId()) && r.value().contains("without f1"));
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void aRegisteredDatasetsPlanGivesTheSubsetsOfItsUploadedRows() {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String dataset = "own-embeddings-" + UUID.randomUUID().toString().substring(0, 8);
        UserDatasets.upload(dataset, NpyWriter.float32(UserDatasets.rows(90, 8, 11)), NpyWriter.int64(UserDatasets.labels(90)))
                .post("/api/v1/datasets").then().statusCode(201);
        String spec = spec("external-registered", "sim-d").replace("fixture-fashion-mnist", dataset)
                .replace("{\"strategy\": \"adaptive-random\", \"fraction\": 0.1, \"interval\": 1}", "{\"strategy\": \"milo\", \"fraction\": 0.2}");
        String id = given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        AtomicReference<List<Heartbeat.RunningSegment>> running = new AtomicReference<>(List.of());
        ScheduledExecutorService worker = beating(bootstrap, "sim-d", running);
        try {
            TrialTask task = task(bootstrap, "milotune.trials.sim-d", id);
            assertThat(task.subset().strategy()).isEqualTo("milo");
            assertThat(task.dataset().encoder()).isEqualTo("default");
            JsonPath subset = given().get("/api/v1/studies/" + id + "/trials/" + task.trialId() + "/subsets?epoch=0").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(subset.getInt("numItems")).isEqualTo(90);
            assertThat(subset.getString("phase")).isEqualTo("sge");
            int[] positions = undelta(subset.getList("indices", Integer.class));
            assertThat(positions).hasSize(18);
            assertThat(java.util.Arrays.stream(positions).boxed().toList()).allMatch(p -> p >= 0 && p < 90);
            JsonPath splits = given().get("/api/v1/studies/" + id + "/splits").then().statusCode(200).extract().jsonPath();
            assertThat(undelta(splits.getList("splits.train.rows", Integer.class))).hasSize(90).startsWith(0, 1, 2).endsWith(89);
            assertThat(splits.getInt("splits.validation.size")).isZero();
            given().contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(200);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void specsOfExternalStudiesAreCheckedWhereMilotuneInterpretsThem() {
        given().contentType(ContentType.JSON).body(spec("no-pool", "builtin")).post("/api/v1/studies").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("worker.pool"));
        given().contentType(ContentType.JSON).body(spec("bad-pool", "Pool_A")).post("/api/v1/studies").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("worker.pool"));
        given().contentType(ContentType.JSON).body(spec("bad-name", "sim-c").replace("\"Warmup.Steps\"", "\"9lives\"")).post("/api/v1/studies")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("searchSpace.9lives"));
        given().contentType(ContentType.JSON).body(spec("bad-metric", "sim-c").replace("\"f1\"", "\"F 1\"")).post("/api/v1/studies")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("objective.metric"));
    }

    private static ScheduledExecutorService beating(String bootstrap, String pool, AtomicReference<List<Heartbeat.RunningSegment>> running) {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        Instant started = Instant.now();
        worker.scheduleAtFixedRate(() -> TopicClient.send(bootstrap, "milotune.reports", pool + "/1", Wire.encode(new Heartbeat(
                Heartbeat.VERSION, pool + "/1", "sim", 1, running.get().size(), "cuda:0", running.get(), started, Instant.now(), pool))),
                0, 500, TimeUnit.MILLISECONDS);
        return worker;
    }

    /** The study's task on {@code topic}, which the orchestrator creates when it first dispatches to the pool. */
    private static TrialTask task(String bootstrap, String topic, String studyId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            var found = TopicClient.read(bootstrap, topic, rs -> rs.stream().anyMatch(r -> r.value().contains(studyId)),
                    Duration.ofSeconds(4), Duration.ZERO).stream().filter(r -> r.value().contains(studyId)).findFirst();
            if (found.isPresent()) {
                return Wire.decode(found.get().value(), TrialTask.class);
            }
        }
        throw new AssertionError("no task on " + topic + " for study " + studyId);
    }

    private static int[] undelta(List<Integer> deltas) {
        int[] out = new int[deltas.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i == 0 ? deltas.get(0) : out[i - 1] + deltas.get(i);
        }
        return out;
    }

    private static String state(String studyId) {
        List<Map<String, Object>> trials = given().get("/api/v1/studies/" + studyId + "/trials").then().statusCode(200).extract()
                .jsonPath().getList("trial");
        if (trials.isEmpty()) {
            return "none";
        }
        return trials.get(0).get("state") + "/" + trials.get(0).get("attempt");
    }
}
