package dev.milotune.messaging;

import dev.milotune.orchestration.Conductor;
import dev.milotune.wire.SegmentSeals;
import dev.milotune.wire.Wire;
import dev.milotune.wire.WorkerMessage;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The orchestrator's side of the reports topic, a poll at a time: each record is decoded and its
 * segments' seals checked (one that cannot be decoded, breaks a rule of its record, or speaks for
 * a segment it was not sent goes to the dead-letter topic with the reason, counted in
 * {@code milotune.reports.rejected}, and the rest of the poll goes on), and
 * the poll's messages are applied by the {@link Conductor} and stored in one transaction before the
 * poll is acknowledged.
 */
@ApplicationScoped
class ReportsConsumer {

    private final Conductor conductor;
    private final DeadLetters deadLetters;
    private final jakarta.enterprise.inject.Instance<SegmentSeals> seals;

    ReportsConsumer(Conductor conductor, DeadLetters deadLetters, jakarta.enterprise.inject.Instance<SegmentSeals> seals) {
        this.conductor = conductor;
        this.deadLetters = deadLetters;
        this.seals = seals;
    }

    @Incoming(Channels.REPORTS_IN)
    @Blocking(ordered = true)
    void consume(ConsumerRecords<String, String> records) {
        List<WorkerMessage> messages = new ArrayList<>(records.count());
        SegmentSeals sealed = seals.get();
        for (ConsumerRecord<String, String> record : records) {
            try {
                WorkerMessage message = Wire.decode(record.value(), WorkerMessage.class);
                sealed.check(message);
                messages.add(message);
            } catch (RuntimeException e) {
                deadLetters.reject(record, e);
            }
        }
        if (!messages.isEmpty()) {
            conductor.apply(messages);
        }
    }
}
