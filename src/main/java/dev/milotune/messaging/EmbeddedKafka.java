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
            broker = EmbeddedKafkaBroker.startSecured(dataDir.resolve("kafka"), port);
            LOG.infof("Embedded Kafka broker (KRaft, SASL/SCRAM-SHA-512 with ACLs) listening on %s, log dir %s, started in %d ms; "
                    + "connect with: kcat -F %s -L", broker.bootstrapServers(), broker.logDir().toAbsolutePath(),
                    (System.nanoTime() - start) / 1_000_000, KafkaPrincipals.clientsDir(broker.logDir()).resolve("worker.properties"));
        }
        return broker.bootstrapServers();
    }

    /**
     * What a Kafka client of this process adds to reach its embedded broker as {@code principal}
     * (nothing when it started none: an external cluster is configured through {@code kafka.*}).
     */
    public static synchronized java.util.Map<String, Object> clientProperties(String principal) {
        return broker == null ? java.util.Map.of() : broker.principals().map(p -> p.clientProperties(principal)).orElse(java.util.Map.of());
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
