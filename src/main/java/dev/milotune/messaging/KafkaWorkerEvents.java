package dev.milotune.messaging;

import dev.milotune.wire.Wire;
import dev.milotune.wire.WorkerMessage;
import dev.milotune.worker.WorkerEvents;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Worker messages onto the reports topic, keyed so that one key's messages stay in order. */
@ApplicationScoped
class KafkaWorkerEvents implements WorkerEvents {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Channel(Channels.REPORTS_OUT)
    Emitter<String> reports;

    @Override
    public void send(String key, WorkerMessage message) {
        Message<String> record = Message.of(Wire.encode(message))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        Acks.await(reports, record, SEND_TIMEOUT);
    }
}
