package dev.milotune.bench;

import dev.milotune.messaging.EmbeddedKafka;
import dev.milotune.messaging.KafkaPrincipals;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Workers without training, for the orchestrator experiment: {@code slots} slots behind one plain
 * Kafka client in the workers' consumer group. Each task takes {@code segmentSeconds} (0: answered
 * at once) and is answered with one epoch report per epoch from a fake learning curve and the
 * segment's outcome; the fleet heartbeats every second. It records when each outcome was sent and,
 * for every task that arrives while slots were freed by outcomes, the time since the most recently
 * freed slot (outcome sent to the next task received).
 */
final class SimulatedFleet implements Runnable {

    private record Due(long atNanos, TrialTask task) {
    }

    private final String bootstrap;
    private final String trialsTopic;
    private final String reportsTopic;
    private final int slots;
    private final double segmentSeconds;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Set by reset: the slots freed before it (by the warm-up study) are not paired with the next study's tasks. */
    private final AtomicBoolean forgetFreedSlots = new AtomicBoolean();
    final AtomicLong messagesSent = new AtomicLong();
    /** When each segment's outcome was sent, by "trialId#attempt#epochTo". */
    final Map<String, Long> outcomeSentNanos = new ConcurrentHashMap<>();
    /** Outcome sent (freeing a slot) to the next task received, in microseconds. */
    final List<Long> slotReuseMicros = Collections.synchronizedList(new ArrayList<>());
    volatile long firstTaskNanos;
    volatile long lastOutcomeNanos;

    SimulatedFleet(String bootstrap, String trialsTopic, String reportsTopic, int slots, double segmentSeconds) {
        this.bootstrap = bootstrap;
        this.trialsTopic = trialsTopic;
        this.reportsTopic = reportsTopic;
        this.slots = slots;
        this.segmentSeconds = segmentSeconds;
    }

    void stop() {
        running.set(false);
    }

    /** Forgets what was counted so far (a warm-up's messages). */
    void reset() {
        forgetFreedSlots.set(true);
        messagesSent.set(0);
        outcomeSentNanos.clear();
        slotReuseMicros.clear();
        firstTaskNanos = 0;
    }

    @Override
    public void run() {
        Properties props = new Properties();
        props.putAll(EmbeddedKafka.clientProperties(KafkaPrincipals.WORKER));
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "milotune-workers");
        props.put("auto.offset.reset", "earliest");
        props.put("max.poll.records", "2000");
        try (KafkaConsumer<String, String> tasks = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
                KafkaProducer<String, String> out = new KafkaProducer<>(producerProperties(),
                        new StringSerializer(), new StringSerializer())) {
            tasks.subscribe(List.of(trialsTopic));
            Instant started = Instant.now();
            PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
            Deque<Long> freedNanos = new ArrayDeque<>();
            long lastBeat = 0;
            while (running.get()) {
                if (forgetFreedSlots.getAndSet(false)) {
                    freedNanos.clear();
                }
                long now = System.nanoTime();
                if (now - lastBeat > 1_000_000_000L) {
                    out.send(new ProducerRecord<>(reportsTopic, "simulated-fleet", Wire.encode(new Heartbeat(Heartbeat.VERSION,
                            "simulated-fleet", "bench", slots, 0, "cpu", List.of(), started, Instant.now(), "builtin"))));
                    lastBeat = now;
                }
                while (!due.isEmpty() && due.peek().atNanos() <= System.nanoTime()) {
                    answer(out, due.poll().task());
                    freedNanos.push(System.nanoTime());
                }
                long wait = due.isEmpty() ? 20 : Math.max(0, Math.min(20, (due.peek().atNanos() - System.nanoTime()) / 1_000_000));
                for (ConsumerRecord<String, String> record : tasks.poll(Duration.ofMillis(wait))) {
                    long received = System.nanoTime();
                    if (firstTaskNanos == 0) {
                        firstTaskNanos = received;
                    }
                    if (!freedNanos.isEmpty()) {
                        slotReuseMicros.add((received - freedNanos.pop()) / 1000);
                    }
                    TrialTask task = Wire.decode(record.value(), TrialTask.class);
                    due.add(new Due(received + (long) (segmentSeconds * 1e9), task));
                }
            }
        }
    }

    /** The fleet speaks as the embedded broker's worker principal, as a worker process would. */
    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new java.util.HashMap<>(EmbeddedKafka.clientProperties(KafkaPrincipals.WORKER));
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", 1);
        return props;
    }

    private void answer(KafkaProducer<String, String> out, TrialTask t) {
        double quality = Math.abs(Math.sin(t.seed() % 1000));
        for (int e = t.epochFrom(); e < t.epochTo(); e++) {
            double accuracy = quality * (1 - Math.exp(-(e + 1) / 3.0));
            out.send(new ProducerRecord<>(reportsTopic, t.trialId(), Wire.encode(t.report(e, 1 - accuracy, 1 - accuracy, accuracy,
                    segmentSeconds / (t.epochTo() - t.epochFrom()), 100, "cpu", "simulated-fleet", Instant.now()))));
            messagesSent.incrementAndGet();
        }
        long sent = System.nanoTime();
        outcomeSentNanos.put(t.trialId() + "#" + t.attempt() + "#" + t.epochTo(), sent);
        lastOutcomeNanos = sent;
        out.send(new ProducerRecord<>(reportsTopic, t.trialId(), Wire.encode(t.outcome(SegmentOutcome.Status.COMPLETED, null, false,
                "simulated", null, "cpu", "simulated-fleet", Instant.now()))));
        messagesSent.incrementAndGet();
    }
}
