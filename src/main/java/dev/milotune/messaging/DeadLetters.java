package dev.milotune.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Reports the orchestrator cannot use go to the reports' dead-letter topic, with the same headers
 * as SmallRye's dead-letter strategy: the reason, the cause's class, and where the record came from.
 */
@ApplicationScoped
class DeadLetters {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Channel(Channels.REPORTS_DEAD_LETTERS_OUT)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> out;

    private final Counter rejected;

    DeadLetters(MeterRegistry meters) {
        this.rejected = Counter.builder("milotune.reports.rejected")
                .description("worker messages sent to the dead-letter topic (undecodable, out of range, or unsealed)").register(meters);
    }

    void reject(ConsumerRecord<String, String> record, Throwable reason) {
        rejected.increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", String.valueOf(reason.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-cause", reason.getClass().getName().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        Acks.await(out, Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build()), TIMEOUT);
    }
}
