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
 * gets through {@code kafka.bootstrap.servers}: the "external cluster" path. It also gives each
 * application start a data dir of its own.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrapServers;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            long run = System.nanoTime();
            Path dir = Files.createDirectories(Path.of("target")).resolve("kafka-test-" + run);
            broker = EmbeddedKafkaBroker.start(dir, 0);
            bootstrapServers = broker.bootstrapServers();
            // A fresh data dir for every application start: no study of an earlier run is resumed.
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                    "milotune.data-dir", "target/milotune-test-" + run);
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
