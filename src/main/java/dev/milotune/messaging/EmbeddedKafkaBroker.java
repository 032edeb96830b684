package dev.milotune.messaging;

import dev.milotune.config.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is both broker and controller, its
 * log under a directory that survives restarts (formatted once, then reused).
 *
 * <p>The application's own broker is secured ({@link #startSecured}): clients log in with
 * SASL/SCRAM-SHA-512 as one principal per role, and ACLs say what each may do. The node's own
 * connections (controller, inter-broker) use a third listener and a principal whose password
 * exists only in this process's memory, made anew at each start. Settings are those of a
 * single-node development cluster: replication factor 1 for the
 * internal topics, no initial rebalance delay, and no automatic topic creation, so every topic is
 * created by the application with explicit settings.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Where clients connect to the secured broker (SCRAM); its node's own traffic uses INTERNAL. */
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    /** Clients whose librdkafka cannot do SCRAM with Kafka 4 (before 2.6.1, confluentinc/librdkafka#4895) log in here. */
    private static final String LEGACY_PLAIN_LISTENER = "LEGACY_PLAIN";
    /** The node itself, a super user: known only to this process (PLAIN on the node's own listeners). */
    private static final String NODE_PRINCIPAL = "node";
    private static final Duration SCRAM_READY = Duration.ofSeconds(30);

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
     * Starts a broker that knows its clients: SASL/SCRAM-SHA-512 on the client listener, with the
     * principals {@code orchestrator} (super user) and {@code worker} (what {@link KafkaAcls}
     * grants), whose credentials it stores (again at every start, so a log dir made by an earlier
     * version gets them too), and writes their client configs beside the log dir
     * ({@link KafkaPrincipals#clientsDir}).
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
            Secured secured = principals == null ? null : new Secured(principals, Secrets.randomText(), freePort(), freePort());
            Properties props = brokerProperties(dir, clientPort, controllerPort, secured);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dir);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            String bootstrap = "localhost:" + clientPort;
            if (secured != null) {
                try {
                    storeScramCredentials(secured, bootstrap);
                } catch (RuntimeException e) {
                    server.shutdown();
                    server.awaitShutdown();
                    throw e;
                }
                principals.writeClientConfigs(logDir, bootstrap, "localhost:" + secured.legacyPlainPort());
            }
            return new EmbeddedKafkaBroker(server, bootstrap, logDir, principals);
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

    /**
     * What a secured broker adds: the principals, the node's own password (made at each start,
     * never written anywhere), the port of its own listener, and that of the PLAIN listener for old librdkafka clients.
     */
    private record Secured(KafkaPrincipals principals, String nodePassword, int internalPort, int legacyPlainPort) {

        private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule required";

        /** The JAAS line the node logs in with on its own listeners. */
        String nodeLogin() {
            return PLAIN_MODULE + " username=\"" + NODE_PRINCIPAL + "\" password=\"" + nodePassword + "\";";
        }

        /** The node's own listeners: the node logs in there, and is their one user. */
        String nodeListener() {
            return PLAIN_MODULE + " username=\"" + NODE_PRINCIPAL + "\" password=\"" + nodePassword + "\" user_" + NODE_PRINCIPAL + "=\""
                    + nodePassword + "\";";
        }

        /** The PLAIN listener for old librdkafka clients: the two principals are its users (the node is not). */
        String legacyListener() {
            return PLAIN_MODULE + " user_" + KafkaPrincipals.ORCHESTRATOR + "=\"" + principals.password(KafkaPrincipals.ORCHESTRATOR) + "\" user_"
                    + KafkaPrincipals.WORKER + "=\"" + principals.password(KafkaPrincipals.WORKER) + "\";";
        }
    }

    private static Properties brokerProperties(String dir, int clientPort, int controllerPort, Secured secured) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        if (secured == null) {
            p.put("listeners", "PLAINTEXT://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            // Clients: SCRAM (no password crosses the wire); every Java client of milotune logs in
            // so. Clients on librdkafka before 2.6.1 (Debian's kcat and confluent-kafka), whose SCRAM
            // Kafka 4 refuses: PLAIN on a listener of their own. The node's own traffic: PLAIN as a
            // super user whose password never leaves this process.
            String client = CLIENT_LISTENER + "://localhost:" + clientPort;
            String legacy = LEGACY_PLAIN_LISTENER + "://localhost:" + secured.legacyPlainPort();
            String internal = INTERNAL_LISTENER + "://localhost:" + secured.internalPort();
            p.put("listeners", client + "," + legacy + "," + internal + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
            p.put("advertised.listeners", client + "," + legacy + "," + internal);
            p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + LEGACY_PLAIN_LISTENER + ":SASL_PLAINTEXT,"
                    + INTERNAL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
            p.put("inter.broker.listener.name", INTERNAL_LISTENER);
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name.client.sasl.enabled.mechanisms", KafkaPrincipals.MECHANISM);
            p.put("listener.name.client.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("listener.name.legacy_plain.sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name.legacy_plain.plain.sasl.jaas.config", secured.legacyListener());
            for (String listener : new String[] {"internal", "controller"}) {
                p.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
                p.put("listener.name." + listener + ".plain.sasl.jaas.config", secured.nodeListener());
            }
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + NODE_PRINCIPAL + ";User:" + KafkaPrincipals.ORCHESTRATOR);
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

    /**
     * Stores both principals' SCRAM credentials (logged in as the node on its internal listener),
     * then waits until each can log in on the client listener: the credentials reach the broker's
     * cache through the metadata log, a moment after the write is acknowledged.
     */
    private static void storeScramCredentials(Secured secured, String client) {
        KafkaPrincipals principals = secured.principals();
        Map<String, Object> asNode = Map.of("bootstrap.servers", "localhost:" + secured.internalPort(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", secured.nodeLogin());
        List<String> names = List.of(KafkaPrincipals.ORCHESTRATOR, KafkaPrincipals.WORKER);
        try (Admin admin = Admin.create(asNode)) {
            admin.alterUserScramCredentials(names.stream()
                    .<UserScramCredentialAlteration>map(name -> new UserScramCredentialUpsertion(name,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, KafkaPrincipals.SCRAM_ITERATIONS), principals.password(name)))
                    .toList()).all().get(SCRAM_READY.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the embedded broker's SCRAM credentials", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the embedded broker's SCRAM credentials: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + SCRAM_READY.toNanos();
        for (String name : names) {
            while (true) {
                Map<String, Object> login = new java.util.HashMap<>(principals.clientProperties(name));
                login.put("bootstrap.servers", client);
                try (Admin admin = Admin.create(login)) {
                    admin.describeCluster().clusterId().get(SCRAM_READY.toSeconds(), TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the embedded broker's SCRAM logins", e);
                } catch (ExecutionException | TimeoutException e) {
                    if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + " cannot log in to the embedded broker with SCRAM: " + e.getMessage(), e);
                    }
                }
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker's SCRAM logins", e);
        }
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
