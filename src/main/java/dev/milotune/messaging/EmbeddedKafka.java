package dev.milotune.messaging;

import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The process's embedded broker, started on first demand for {@code kafka.bootstrap.servers} and
 * stopped once at shutdown. One per process: the broker owns a directory and ports.
 */
public final class EmbeddedKafka {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
    private static EmbeddedKafkaBroker broker;

    private EmbeddedKafka() {
    }

    static synchronized String bootstrapServers(Path dataDir, int port) {
        if (broker == null) {
            long start = System.nanoTime();
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), port);
            LOG.infof("Embedded Kafka broker (KRaft) listening on %s, log dir %s, started in %d ms; connect with: kcat -b %s -L",
                    broker.bootstrapServers(), broker.logDir().toAbsolutePath(), (System.nanoTime() - start) / 1_000_000,
                    broker.bootstrapServers());
        }
        return broker.bootstrapServers();
    }

    /** The running embedded broker, if this process started one. */
    public static synchronized Optional<EmbeddedKafkaBroker> running() {
        return Optional.ofNullable(broker);
    }

    static synchronized void stop() {
        if (broker != null) {
            LOG.infof("Stopping the embedded Kafka broker on %s", broker.bootstrapServers());
            broker.close();
            broker = null;
        }
    }
}
