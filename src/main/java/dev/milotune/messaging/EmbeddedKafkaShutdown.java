package dev.milotune.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;

/**
 * Stops the embedded broker after the Kafka connector has closed its clients (the connector
 * terminates at priority 50 of the same event), so that no client waits on a broker that is gone.
 */
@ApplicationScoped
class EmbeddedKafkaShutdown {

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) @Priority(1000) Object event) {
        EmbeddedKafka.stop();
    }
}
