package dev.milotune.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.milotune.orchestration.WorkerRegistry;
import dev.milotune.orchestration.WorkerStatus;
import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.testing.TopicClient;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.SegmentSeals;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import dev.milotune.worker.WorkerEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Tag;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The reports channel end to end on a real broker that the test started (an "external" cluster):
 * emitter, topic, consumer, database; the dead-letter topic; and no second, embedded broker.
 */
@QuarkusTest
@Tag("service")
class ReportsChannelTest {

    @Inject
    WorkerEvents events;
    @Inject
    WorkerRegistry workers;
    @Inject
    SegmentSeals seals;
    @Inject
    MeterRegistry meters;

    @Test
    void aHeartbeatTravelsFromEmitterThroughKafkaToTheWorkerList() {
        String workerId = "test-worker-" + UUID.randomUUID();
        Instant now = Instant.now();
        String study = UUID.randomUUID().toString();
        String trial = UUID.randomUUID().toString();
        events.send(workerId, new Heartbeat(Heartbeat.VERSION, workerId, "test-host", 4, 1, "cpu",
                List.of(new Heartbeat.RunningSegment(study, trial, 0, 0, 4, seals.seal(study, trial, 0, 0, 4), 3)), now, now, "builtin"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(workers.all()).extracting(WorkerStatus::id).contains(workerId));
        WorkerStatus stored = workers.all().stream().filter(w -> w.id().equals(workerId)).findFirst().orElseThrow();
        assertThat(stored.slots()).isEqualTo(4);
        assertThat(stored.freeSlots()).isEqualTo(3);
        given().get("/api/v1/workers").then().statusCode(200).body("id", hasItem(workerId));
    }

    @Test
    void theLocalWorkerHeartbeatsOnItsOwn() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(workers.all()).extracting(WorkerStatus::host).isNotEmpty());
        given().get("/api/v1/workers").then().statusCode(200).body("device", hasItem("cpu"));
    }

    @Test
    void aMalformedReportGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String marker = "not json " + UUID.randomUUID();
        String badHeartbeat = "{\"type\":\"heartbeat\",\"v\":3,\"workerId\":\"w\",\"host\":\"h\",\"slots\":1,"
                + "\"busySlots\":5,\"device\":\"cpu\",\"pool\":\"builtin\",\"running\":[],\"startedAt\":\"2026-01-01T00:00:00Z\",\"sentAt\":\"2026-01-01T00:00:00Z\","
                + "\"marker\":\"" + UUID.randomUUID() + "\"}";
        TopicClient.send(bootstrap, "milotune.reports", "bad", marker, badHeartbeat);

        List<ConsumerRecord<String, String>> dead = TopicClient.read(bootstrap, "milotune.reports.dlq",
                records -> records.stream().anyMatch(r -> r.value().equals(badHeartbeat)), Duration.ofSeconds(30), Duration.ZERO);
        assertThat(dead).extracting(ConsumerRecord::value).contains(marker, badHeartbeat);
        ConsumerRecord<String, String> rule = dead.stream().filter(r -> r.value().equals(badHeartbeat)).findFirst().orElseThrow();
        String reason = new String(rule.headers().lastHeader("dead-letter-reason").value());
        assertThat(reason).contains("busySlots is 5").contains("must be between 0 and slots (1)");

        // The consumer is still alive: a valid heartbeat after the poison ones is applied.
        aHeartbeatTravelsFromEmitterThroughKafkaToTheWorkerList();
    }

    static final String SPEC = dev.milotune.testing.Specs.oneTrial("forged", 2);

    @Test
    void messagesForSegmentsTheirSenderWasNotSentAreDeadLetteredAndChangeNothing() {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String id = given().contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        TrialTask task = TopicClient.read(bootstrap, "milotune.trials", rs -> rs.stream().anyMatch(r -> r.value().contains(id)),
                        Duration.ofSeconds(30), Duration.ZERO).stream()
                .filter(r -> r.value().contains(id)).findFirst().map(r -> Wire.decode(r.value(), TrialTask.class)).orElseThrow();
        double rejectedBefore = meters.counter("milotune.reports.rejected").count();
        Instant now = Instant.now();
        double mark = 0.987654321;
        String otherStudy = UUID.randomUUID().toString();
        String t = task.trialId();
        int a = task.attempt();
        Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put(Wire.encode(new EpochReport(EpochReport.VERSION, id, t, a, task.epochFrom(), task.epochTo(), "guessed", 0, 0.1, 0.1, mark, 1, 10, "cpu",
                "mallory", now, java.util.Map.of())), "no such segment was sent");
        forged.put(Wire.encode(new EpochReport(EpochReport.VERSION, otherStudy, t, a, task.epochFrom(), task.epochTo(), task.seal(), 0, 0.1, 0.1, mark, 1,
                10, "cpu", "mallory", now, java.util.Map.of())), "no such segment was sent");
        forged.put(Wire.encode(new SegmentOutcome(2, id, t, a + 1, task.epochFrom(), task.epochTo(), task.seal(),
                SegmentOutcome.Status.COMPLETED, null, false, "x.ckpt", null, "cpu", "mallory", now)), "no such segment was sent");
        forged.put(Wire.encode(new Heartbeat(Heartbeat.VERSION, "mallory", "h", 1, 1, "cpu", List.of(new Heartbeat.RunningSegment(id, t, a + 1,
                task.epochFrom(), task.epochTo(), task.seal(), 0)), now, now, "builtin")), "running.seal does not match");
        forged.put(Wire.encode(task.report(0, 0.1, 0.1, mark, 1, 10, "cpu", "mallory", now)).replace(String.valueOf(mark), "1.0E308"),
                "validationAccuracy is 1.0E308");
        forged.put(Wire.encode(task.report(0, 0.1, 0.1, mark, 1, 10, "cpu", "mallory", now)).replace("\"epoch\":0", "\"epoch\":50"),
                "epoch is 50, but must be in the segment");
        forged.keySet().forEach(json -> TopicClient.send(bootstrap, "milotune.reports", t, json));

        List<ConsumerRecord<String, String>> dead = TopicClient.read(bootstrap, "milotune.reports.dlq",
                rs -> forged.keySet().stream().allMatch(f -> rs.stream().anyMatch(r -> r.value().equals(f))), Duration.ofSeconds(30),
                Duration.ZERO);
        forged.forEach((json, reason) -> assertThat(dead.stream().filter(r -> r.value().equals(json))
                .map(r -> new String(r.headers().lastHeader("dead-letter-reason").value())).findFirst().orElseThrow())
                .as("the reason %s is dead-lettered with", json).contains(reason));
        assertThat(meters.counter("milotune.reports.rejected").count() - rejectedBefore).isGreaterThanOrEqualTo(forged.size());
        List<Float> values = given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath()
                .getList("reports.flatten().validationAccuracy", Float.class);
        assertThat(values).as("no forged value reached the study").doesNotContain((float) mark);
        given().contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel");
    }

    @Test
    void noEmbeddedBrokerStartsWhenBootstrapServersAreConfigured() {
        assertThat(EmbeddedKafka.running()).isEmpty();
        given().get("/api/v1/system").then().statusCode(200)
                .body("kafka.embedded", equalTo(false))
                .body("kafka.bootstrapServers", equalTo(KafkaBrokerResource.bootstrapServers()));
    }

    @Test
    void topicsAreCreatedWithTheirExplicitSettings() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("milotune.trials", "milotune.trials.dlq",
                    "milotune.reports", "milotune.reports.dlq", "milotune.plans", "milotune.control", "milotune.control.dlq");
            assertThat(admin.describeTopics(List.of("milotune.trials")).allTopicNames().get()
                    .get("milotune.trials").partitions()).hasSize(6);
            ConfigResource plans = new ConfigResource(ConfigResource.Type.TOPIC, "milotune.plans");
            Config config = admin.describeConfigs(List.of(plans)).all().get().get(plans);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("max.message.bytes").value()).isEqualTo("33554432");
        }
    }
}
