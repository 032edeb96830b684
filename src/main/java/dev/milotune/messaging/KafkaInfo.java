package dev.milotune.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where this process's Kafka is, and whether this process runs it. */
@ApplicationScoped
public class KafkaInfo {

    private final String bootstrapServers;

    KafkaInfo(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The log dir of the embedded broker, when this process started one. */
    public Optional<Path> embeddedLogDir() {
        return EmbeddedKafka.running().map(EmbeddedKafkaBroker::logDir);
    }
}
