package dev.milotune.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.milotune.orchestration.StudyEndToEndTest;
import dev.milotune.testing.ConsumerLag;
import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.testing.TopicClient;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import dev.milotune.wire.WorkerMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The worker's side of the wire, on the real broker: bad tasks, redelivered tasks, cancels. */
@QuarkusTest
@Tag("service")
class WorkerChannelTest {

    @Test
    void aMalformedTaskGoesToTheDeadLetterTopicAndTheWorkerGoesOn() throws Exception {
        String bad = "{\"v\":1,\"studyId\":\"s\",\"trialId\":\"" + UUID.randomUUID() + "\",\"epochFrom\":3,\"epochTo\":2}";
        send("milotune.trials", "bad", bad);
        List<ConsumerRecord<String, String>> dead = read("milotune.trials.dlq", rs -> rs.stream().anyMatch(r -> r.value().equals(bad)));
        assertThat(dead).extracting(ConsumerRecord::value).contains(bad);
        // The worker still trains: a valid task after the bad one is answered.
        String trialId = UUID.randomUUID().toString();
        send("milotune.trials", trialId, Wire.encode(task(trialId)));
        assertThat(messagesFor(trialId, 3)).hasSize(3);
    }

    @Test
    void aRedeliveredTaskIsNotReportedTwice() throws Exception {
        String trialId = UUID.randomUUID().toString();
        String json = Wire.encode(task(trialId));
        send("milotune.trials", trialId, json);
        List<WorkerMessage> first = messagesFor(trialId, 3);
        send("milotune.trials", trialId, json);
        List<WorkerMessage> all = messagesFor(trialId, 4);

        assertThat(first).hasSize(3);
        assertThat(all.stream().filter(m -> m instanceof EpochReport)).as("epochs trained once").hasSize(2);
        assertThat(all.stream().filter(m -> m instanceof SegmentOutcome)).as("the outcome is sent again").hasSize(2)
                .allSatisfy(m -> assertThat(((SegmentOutcome) m).status()).isEqualTo(SegmentOutcome.Status.COMPLETED));
    }

    @Test
    void twoCopiesOfASegmentSentAtOnceTrainOnce() throws Exception {
        // An orchestrator that restarts sends again a segment no worker had started; the first copy
        // may be in Kafka too. Both land on this worker (same key), which has a free slot for each.
        String trialId = UUID.randomUUID().toString();
        String json = Wire.encode(task(trialId));
        send("milotune.trials", trialId, json);
        send("milotune.trials", trialId, json);
        List<WorkerMessage> all = messagesFor(trialId, 3);

        assertThat(all.stream().filter(m -> m instanceof EpochReport)).as("epochs trained once").hasSize(2);
        assertThat(all.stream().filter(m -> m instanceof SegmentOutcome)).isNotEmpty()
                .allSatisfy(m -> assertThat(((SegmentOutcome) m).status()).isEqualTo(SegmentOutcome.Status.COMPLETED));
    }

    @Test
    void aCancelledStudyStopsTrainingWithinABatch() throws Exception {
        String spec = StudyEndToEndTest.SPEC.replace("e2e-fixture", "cancel-me").replace("\"epochs\": 4", "\"epochs\": 40")
                .replace("\"R\": 4", "\"R\": 40").replace("\"batchSize\": 32", "\"batchSize\": 2");
        String id = given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath()
                        .getList("trial.state").contains("RUNNING"));

        given().contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
        // Training stops: no worker slot stays busy, and no trial trains on.
        await().atMost(Duration.ofSeconds(20)).until(() ->
                given().get("/api/v1/workers").then().extract().jsonPath()
                        .getList("findAll { it.host != 'test-host' }.busySlots", Integer.class).stream().allMatch(b -> b == 0));
        // Every task was taken and acknowledged (its worker is done with it); then a marker behind
        // every report of each trial (same key, so same partition, so applied after them): once the
        // markers are applied, every report sent before them was too, and the count is final.
        ConsumerLag.awaitCaughtUp(KafkaBrokerResource.bootstrapServers(), "milotune-workers", "milotune.trials", Duration.ofSeconds(30));
        List<String> trialIds = given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath().getList("trial.id");
        flushReports(trialIds);
        int settled = reportCount(id);
        flushReports(trialIds);
        assertThat(reportCount(id)).as("reports after training stopped").isEqualTo(settled);
        assertThat(given().get("/api/v1/workers").then().extract().jsonPath()
                .getList("findAll { it.host != 'test-host' }.busySlots", Integer.class)).allMatch(b -> b == 0);
        assertThat(given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath().getList("trial.state"))
                .contains("CANCELLED").allMatch(s -> List.of("CANCELLED", "PRUNED", "COMPLETED").contains(s));
        given().contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(409)
                .contentType("application/problem+json");
    }

    /** Sends a marker heartbeat under each key and waits until the orchestrator has applied them all. */
    private static void flushReports(List<String> keys) {
        Instant now = Instant.now();
        List<String> markers = new java.util.ArrayList<>();
        for (String key : keys) {
            String marker = "marker-" + UUID.randomUUID();
            markers.add(marker);
            send("milotune.reports", key, Wire.encode(new Heartbeat(Heartbeat.VERSION, marker, "test-host", 0, 0, "cpu", List.of(), now, now, "builtin")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/workers").then().extract().jsonPath()
                .getList("id", String.class).containsAll(markers));
    }

    private static int reportCount(String studyId) {
        return given().get("/api/v1/studies/" + studyId + "/trials").then().extract().jsonPath().getList("reports.flatten()").size();
    }

    /** A real task on the committed fixture: two epochs of a small MLP on all items. */
    private static TrialTask task(String trialId) {
        String hash = dev.milotune.data.Datasets.load("fixture-fashion-mnist",
                new dev.milotune.data.DataDirectory(java.nio.file.Path.of("target", "test-data")),
                dev.milotune.data.SplitSpec.defaults()).contentHash();
        return new TrialTask(TrialTask.VERSION, UUID.nameUUIDFromBytes(trialId.getBytes()).toString(), trialId, 0, 0, 7L, "mlp", Map.of("hidden", 32L),
                new TrialTask.DatasetRef("fixture-fashion-mnist", hash, "default"),
                new TrialTask.SubsetRef("full", null, 1.0, 1.0 / 6, 1), "validation_accuracy", 0, 2, 2, null, false, Instant.now(), 1.0,
                "seal-of-" + trialId);
    }

    private static void send(String topic, String key, String value) {
        TopicClient.send(KafkaBrokerResource.bootstrapServers(), topic, key, value);
    }

    /**
     * The worker's messages about one trial, once at least {@code count} have arrived and the workers
     * have taken every task sent so far (a task is acknowledged once its outcome is sent, so nothing
     * more about it can come).
     */
    private static List<WorkerMessage> messagesFor(String trialId, int count) {
        try {
            ConsumerLag.awaitCaughtUp(KafkaBrokerResource.bootstrapServers(), "milotune-workers", "milotune.trials", Duration.ofSeconds(90));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<ConsumerRecord<String, String>> records = read("milotune.reports",
                rs -> rs.stream().filter(r -> trialId.equals(r.key())).count() >= count, Duration.ZERO);
        return records.stream().filter(r -> trialId.equals(r.key())).map(r -> Wire.decode(r.value(), WorkerMessage.class)).toList();
    }

    private static List<ConsumerRecord<String, String>> read(String topic,
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
        return read(topic, done, Duration.ZERO);
    }

    private static List<ConsumerRecord<String, String>> read(String topic,
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> done, Duration linger) {
        return TopicClient.read(KafkaBrokerResource.bootstrapServers(), topic, done, Duration.ofSeconds(90), linger);
    }
}
