package dev.milotune.messaging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is both broker and controller, its
 * log under a directory that survives restarts (formatted once, then reused).
 *
 * <p>The application's own broker is secured ({@link #startSecured}): SASL/PLAIN with one
 * principal per role, and ACLs. Settings are those of a single-node development cluster: replication factor 1 for the
 * internal topics, no initial rebalance delay, and no automatic topic creation, so every topic is
 * created by the application with explicit settings.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final KafkaPrincipals principals;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, KafkaPrincipals principals) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.principals = principals;
    }

    /**
     * Starts a broker that accepts any client (PLAINTEXT), whose log lives in {@code logDir},
     * formatting it first if it is new: a stand-in for an external cluster in tests.
     *
     * @param port client port, or 0 for a free one
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port) {
        return start(logDir, port, null);
    }

    /**
     * Starts a broker that knows its clients: SASL/PLAIN on every listener, with the principals
     * {@code orchestrator} (super user) and {@code worker} (what {@link KafkaAcls} grants), and
     * writes their client configs beside the log dir ({@link KafkaPrincipals#clientsDir}).
     */
    public static EmbeddedKafkaBroker startSecured(Path logDir, int port) {
        return start(logDir, port, KafkaPrincipals.loadOrCreate(logDir));
    }

    /** The principals clients must log in as; empty for a broker that accepts any client. */
    public java.util.Optional<KafkaPrincipals> principals() {
        return java.util.Optional.ofNullable(principals);
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, KafkaPrincipals principals) {
        try {
            Files.createDirectories(logDir);
            int clientPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            String dir = logDir.toAbsolutePath().toString();
            Properties props = brokerProperties(dir, clientPort, controllerPort, principals);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dir);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            if (principals != null) {
                principals.writeClientConfigs(logDir, "localhost:" + clientPort);
            }
            return new EmbeddedKafkaBroker(server, "localhost:" + clientPort, logDir, principals);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka log dir " + logDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties brokerProperties(String dir, int clientPort, int controllerPort, KafkaPrincipals principals) {
        Properties p = new Properties();
        String client = principals == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", client + "://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", client + "://localhost:" + clientPort);
        p.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":" + client);
        p.put("inter.broker.listener.name", client);
        if (principals != null) {
            // Every listener, the controller's included, asks who connects; the broker itself is the orchestrator.
            String jaas = principals.jaas(KafkaPrincipals.ORCHESTRATOR, true);
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas);
            p.put("listener.name.controller.plain.sasl.jaas.config", jaas);
            p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + KafkaPrincipals.ORCHESTRATOR);
        }
        p.put("log.dirs", dir);
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A crashed process leaves no clean-shutdown marker; recover quickly instead of scanning slowly.
        p.put("num.recovery.threads.per.data.dir", "2");
        return p;
    }

    private static void format(String dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir)
                    .setDirectories(List.of(dir))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka log dir " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        }
    }
}
