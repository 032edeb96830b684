package dev.milotune.testing;

import dev.milotune.messaging.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Kafka broker, started by the test (not by the application), whose address the application
 * gets through {@code kafka.bootstrap.servers}: the "external cluster" path.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrapServers;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createDirectories(Path.of("target")).resolve("kafka-test-" + System.nanoTime());
            broker = EmbeddedKafkaBroker.start(dir, 0);
            bootstrapServers = broker.bootstrapServers();
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Address of the broker this resource started. */
    public static String bootstrapServers() {
        return bootstrapServers;
    }
}
