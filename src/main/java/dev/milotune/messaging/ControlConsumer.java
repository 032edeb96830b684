package dev.milotune.messaging;

import dev.milotune.wire.Cancel;
import dev.milotune.wire.Wire;
import dev.milotune.worker.Cancellations;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every worker reads every cancel (its own consumer group, from the earliest retained message). */
@ApplicationScoped
class ControlConsumer {

    private final Cancellations cancellations;

    ControlConsumer(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @Incoming(Channels.CONTROL_IN)
    void consume(String json) {
        cancellations.add(Wire.decode(json, Cancel.class));
    }
}
