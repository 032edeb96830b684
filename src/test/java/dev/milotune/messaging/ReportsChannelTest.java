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
import dev.milotune.wire.Heartbeat;
import dev.milotune.worker.WorkerEvents;
import io.quarkus.test.junit.QuarkusTest;
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

    @Test
    void aHeartbeatTravelsFromEmitterThroughKafkaToTheWorkerList() {
        String workerId = "test-worker-" + UUID.randomUUID();
        Instant now = Instant.now();
        events.send(workerId, new Heartbeat(Heartbeat.VERSION, workerId, "test-host", 4, 1, "cpu",
                List.of(new Heartbeat.RunningSegment("trial-1", 0, 3)), now, now));

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
        String badHeartbeat = "{\"type\":\"heartbeat\",\"v\":1,\"workerId\":\"w\",\"host\":\"h\",\"slots\":1,"
                + "\"busySlots\":5,\"device\":\"cpu\",\"running\":[],\"startedAt\":\"2026-01-01T00:00:00Z\",\"sentAt\":\"2026-01-01T00:00:00Z\","
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
