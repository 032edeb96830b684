package dev.milotune.messaging;

import dev.milotune.orchestration.Conductor;
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
 * The orchestrator's side of the reports topic, a poll at a time: each record is decoded (one that
 * cannot be goes to the dead-letter topic with the reason, and the rest of the poll goes on), and
 * the poll's messages are applied by the {@link Conductor} and stored in one transaction before the
 * poll is acknowledged.
 */
@ApplicationScoped
class ReportsConsumer {

    private final Conductor conductor;
    private final DeadLetters deadLetters;

    ReportsConsumer(Conductor conductor, DeadLetters deadLetters) {
        this.conductor = conductor;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.REPORTS_IN)
    @Blocking(ordered = true)
    void consume(ConsumerRecords<String, String> records) {
        List<WorkerMessage> messages = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                messages.add(Wire.decode(record.value(), WorkerMessage.class));
            } catch (RuntimeException e) {
                deadLetters.reject(record, e);
            }
        }
        if (!messages.isEmpty()) {
            conductor.apply(messages);
        }
    }
}
