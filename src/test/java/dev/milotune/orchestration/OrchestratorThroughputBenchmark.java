package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator under load, without training: simulated workers (100 slots) answer every
 * segment at once with epoch reports from fake learning curves and an outcome, through the real
 * broker. Prints reports applied per second and the latency from a segment's outcome being sent
 * to the orchestrator's decision on it (the trial paused, promoted, pruned or completed).
 *
 * <p>{@code mvn -B test -Pheavy -Dtest=OrchestratorThroughputBenchmark -Dbench.trials=1000}
 */
@QuarkusTest
@Tag("service")
@Tag("heavy")
@TestProfile(OrchestratorThroughputBenchmark.OrchestratorOnly.class)
class OrchestratorThroughputBenchmark {

    public static class OrchestratorOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.role", "orchestrator", "quarkus.log.category.\"dev.milotune\".level", "WARN");
        }
    }

    /** When the orchestrator decided about each trial's latest segment. */
    @ApplicationScoped
    static class Decisions {
        // Static: the observer and the test's injected reference were seen to be different instances.
        static final Map<String, List<Instant>> DECIDED = new ConcurrentHashMap<>();


        void on(@Observes StudyProgress p) {
            if (p.kind().equals("trial") && p.trialId() != null && (p.detail().equals("PAUSED") || p.detail().equals("COMPLETED"))) {
                DECIDED.computeIfAbsent(p.trialId(), k -> Collections.synchronizedList(new ArrayList<>())).add(p.at());
            }
        }
    }

    @Test
    void reportsPerSecondAndDecisionLatency() throws Exception {
        int trials = Integer.getInteger("bench.trials", 1000);
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reports = new AtomicLong();
        Map<String, Instant> outcomeSent = new ConcurrentHashMap<>();
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        Thread fleet = new Thread(() -> simulateWorkers(bootstrap, running, reports, outcomeSent), "simulated-workers");
        fleet.start();

        String spec = """
                {"name": "load", "dataset": {"name": "fixture-fashion-mnist"}, "model": {"family": "mlp", "epochs": 9},
                 "searchSpace": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}},
                 "sampler": {"type": "random"}, "scheduler": {"type": "asha", "r": 1, "R": 9, "eta": 3},
                 "maxTrials": %d, "maxConcurrentTrials": 100, "subset": {"strategy": "full"}, "seed": 1,
                 "finalRetrain": {"enabled": false}}""".formatted(trials);
        long start = System.nanoTime();
        String id = given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "COMPLETED".equals(given().get("/api/v1/studies/" + id).then().extract().path("state")));
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        fleet.join();

        outcomeSent.forEach((key, sent) -> {
            String trialId = key.substring(0, key.indexOf('#'));
            Decisions.DECIDED.getOrDefault(trialId, List.of()).stream().filter(d -> !d.isBefore(sent)).min(Instant::compareTo)
                    .ifPresent(d -> latenciesMicros.add(Duration.between(sent, d).toNanos() / 1000));
        });
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new AssertionError("no decision matched an outcome: %d outcomes sent, decisions on %d trials"
                    .formatted(outcomeSent.size(), Decisions.DECIDED.size()));
        }
        System.out.printf(Locale.ROOT, "RESULT trials=%d reports=%d seconds=%.1f reportsPerSecond=%.0f "
                        + "decisionLatencyMs p50=%.1f p99=%.1f (n=%d outcomes)%n",
                trials, reports.get(), seconds, reports.get() / seconds,
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.99)) / 1000.0, sorted.size());
    }

    /** 100 slots: heartbeats, and every task answered at once with its epochs and an outcome. */
    private static void simulateWorkers(String bootstrap, AtomicBoolean running, AtomicLong reports, Map<String, Instant> outcomeSent) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "milotune-workers");
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> tasks = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> out = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 2),
                     new StringSerializer(), new StringSerializer())) {
            tasks.subscribe(List.of("milotune.trials"));
            Instant started = Instant.now();
            long lastBeat = 0;
            while (running.get()) {
                if (System.nanoTime() - lastBeat > 1_000_000_000L) {
                    out.send(new ProducerRecord<>("milotune.reports", "sim", Wire.encode(new Heartbeat(Heartbeat.VERSION, "sim", "sim",
                            100, 0, "cpu", List.of(), started, Instant.now()))));
                    lastBeat = System.nanoTime();
                }
                tasks.poll(Duration.ofMillis(50)).forEach(record -> {
                    TrialTask t = Wire.decode(record.value(), TrialTask.class);
                    double quality = Math.abs(Math.sin(t.seed() % 1000));
                    for (int e = t.epochFrom(); e < t.epochTo(); e++) {
                        double accuracy = quality * (1 - Math.exp(-(e + 1) / 3.0));
                        out.send(new ProducerRecord<>("milotune.reports", t.trialId(), Wire.encode(new EpochReport(EpochReport.VERSION,
                                t.studyId(), t.trialId(), t.attempt(), e, 1 - accuracy, 1 - accuracy, accuracy, 0.01, 100, "cpu",
                                "sim", Instant.now()))));
                        reports.incrementAndGet();
                    }
                    Instant now = Instant.now();
                    outcomeSent.put(t.trialId() + "#" + t.epochTo(), now);
                    out.send(new ProducerRecord<>("milotune.reports", t.trialId(), Wire.encode(new SegmentOutcome(SegmentOutcome.VERSION,
                            t.studyId(), t.trialId(), t.attempt(), t.epochTo(), SegmentOutcome.Status.COMPLETED, null, false,
                            "none", null, "cpu", "sim", now))));
                    reports.incrementAndGet();
                });
            }
        }
    }
}
