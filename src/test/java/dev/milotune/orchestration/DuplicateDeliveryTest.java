package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.milotune.testing.KafkaBrokerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery taken literally: while a study runs, every record a worker sends on the
 * reports topic is sent a second time; afterwards the study's whole history is sent once more.
 * The study must complete as usual, and the replay must change nothing.
 */
@QuarkusTest
@Tag("service")
class DuplicateDeliveryTest {

    static final String REPORTS = "milotune.reports";

    @Test
    void everyReportDeliveredTwiceChangesNothing() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger duplicated = new AtomicInteger();
        Thread duplicator = new Thread(() -> duplicate(bootstrap, running, duplicated), "duplicator");
        duplicator.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicated.get() > 0); // heartbeats flow, so it is live

        String spec = StudyEndToEndTest.SPEC.replace("e2e-fixture", "duplicates");
        String id = given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/api/v1/studies/" + id).then().body("state", equalTo("COMPLETED")));
        running.set(false);
        duplicator.join();

        String trials = given().get("/api/v1/studies/" + id + "/trials").then().extract().asString();
        String board = given().get("/api/v1/studies/" + id + "/leaderboard").then().extract().asString();
        String study = given().get("/api/v1/studies/" + id).then().extract().asString();
        assertThat(given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath().getList("trial"))
                .hasSize(7);

        int replayed = replay(bootstrap, id);
        assertThat(replayed).isGreaterThan(10);
        awaitConsumed(bootstrap);

        assertThat(given().get("/api/v1/studies/" + id + "/trials").then().extract().asString()).isEqualTo(trials);
        assertThat(given().get("/api/v1/studies/" + id + "/leaderboard").then().extract().asString()).isEqualTo(board);
        assertThat(given().get("/api/v1/studies/" + id).then().extract().asString()).isEqualTo(study);
    }

    /** Re-sends each new record of the reports topic once, marked so that its copy is not copied again. */
    private static void duplicate(String bootstrap, AtomicBoolean running, AtomicInteger count) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "latest");
             KafkaProducer<String, String> producer = producer(bootstrap)) {
            consumer.subscribe(List.of(REPORTS));
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.headers().lastHeader("duplicate") == null) {
                        ProducerRecord<String, String> copy = new ProducerRecord<>(REPORTS, r.key(), r.value());
                        copy.headers().add("duplicate", "1".getBytes(StandardCharsets.UTF_8));
                        producer.send(copy);
                        count.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Sends every record of the study found on the topic again. */
    private static int replay(String bootstrap, String studyId) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "earliest")) {
            List<TopicPartition> partitions = consumer.partitionsFor(REPORTS).stream()
                    .map(p -> new TopicPartition(REPORTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Up to the end as of now: heartbeats keep coming, so "until idle" would never end.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value().contains(studyId)
                            && r.headers().lastHeader("duplicate") == null) {
                        records.add(r);
                    }
                });
            }
        }
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            records.forEach(r -> producer.send(new ProducerRecord<>(REPORTS, r.key(), r.value())));
            producer.flush();
        }
        return records.size();
    }

    /** Waits until the orchestrator's consumer group has read past everything on the topic now. */
    private static void awaitConsumed(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(REPORTS)).allTopicNames().get().get(REPORTS).partitions()
                    .forEach(p -> latest.put(new TopicPartition(REPORTS, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var committed = admin.listConsumerGroupOffsets("milotune-orchestrator").partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            });
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String reset) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", reset);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer());
    }
}
