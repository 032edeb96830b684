package dev.milotune.messaging;

import dev.milotune.config.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded broker's two principals and their passwords: {@code orchestrator} (a super user:
 * it creates topics and ACLs, writes tasks, plans and cancels) and {@code worker} (reads tasks,
 * plans and cancels, writes reports). Kept in {@code <data-dir>/kafka-clients/}, mode 600: the passwords
 * (created once, 256 random bits each), and for each principal a librdkafka client config
 * ({@code kcat -F <data-dir>/kafka-clients/worker.properties -L}; PLAIN, see
 * {@link #writeClientConfigs}) and a Java client config ({@code worker-java.properties}; SCRAM).
 */
public record KafkaPrincipals(String orchestratorPassword, String workerPassword) {

    public static final String ORCHESTRATOR = "orchestrator";
    public static final String WORKER = "worker";
    /** How clients log in: SCRAM, so that no password crosses the wire. */
    static final String MECHANISM = "SCRAM-SHA-512";
    /** Kafka's minimum for SCRAM-SHA-512; the passwords are 256 random bits, so more would buy nothing. */
    static final int SCRAM_ITERATIONS = 4096;

    /** The principals of the broker whose log is in {@code kafkaDir}: read, or created on first use. */
    static KafkaPrincipals loadOrCreate(Path kafkaDir) {
        Path file = clientsDir(kafkaDir).resolve("passwords.properties");
        try {
            Properties p = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
            } else {
                p.setProperty(ORCHESTRATOR, Secrets.randomText());
                p.setProperty(WORKER, Secrets.randomText());
                write(file, "# The embedded broker's SCRAM passwords (created once; stored in the broker at every start)\n"
                        + ORCHESTRATOR + "=" + p.getProperty(ORCHESTRATOR) + "\n" + WORKER + "=" + p.getProperty(WORKER) + "\n");
            }
            return new KafkaPrincipals(p.getProperty(ORCHESTRATOR), p.getProperty(WORKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the embedded broker's passwords in " + file, e);
        }
    }

    String password(String principal) {
        return switch (principal) {
            case ORCHESTRATOR -> orchestratorPassword;
            case WORKER -> workerPassword;
            default -> throw new IllegalArgumentException("no principal " + principal);
        };
    }

    /** The JAAS line a client of {@code principal} logs in with. */
    String jaas(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal + "\" password=\""
                + password(principal) + "\";";
    }

    /** What a Java Kafka client of {@code principal} adds to its configuration. */
    public Map<String, Object> clientProperties(String principal) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(principal));
        return p;
    }

    /**
     * Writes each principal's client configs: for Java clients, SCRAM on the broker now at
     * {@code bootstrap}; for librdkafka, PLAIN on the listener at {@code legacyPlain}, since
     * Debian's librdkafka (2.0.2, under kcat and confluent-kafka) cannot do SCRAM with Kafka 4
     * (fixed in 2.6.1).
     */
    void writeClientConfigs(Path kafkaDir, String bootstrap, String legacyPlain) {
        Path dir = clientsDir(kafkaDir);
        for (String principal : new String[] {ORCHESTRATOR, WORKER}) {
            Path librdkafka = dir.resolve(principal + ".properties");
            write(librdkafka, "# librdkafka / kcat: kcat -F " + librdkafka + " -L\n"
                    + "# PLAIN on a listener for librdkafka before 2.6.1 (Debian's: its SCRAM fails against Kafka 4,\n"
                    + "# confluentinc/librdkafka#4895). With 2.6.1 or later, prefer SCRAM: bootstrap.servers=" + bootstrap + "\n"
                    + "# and sasl.mechanisms=" + MECHANISM + "\n"
                    + "bootstrap.servers=" + legacyPlain + "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN\n"
                    + "sasl.username=" + principal + "\nsasl.password=" + password(principal) + "\n");
            StringBuilder java = new StringBuilder("# Java Kafka clients (as kafka.* settings of a milotune process, prefix each key with kafka.)\n")
                    .append("bootstrap.servers=").append(bootstrap).append('\n');
            clientProperties(principal).forEach((k, v) -> java.append(k).append('=').append(v.toString().replace("\\", "\\\\")).append('\n'));
            write(dir.resolve(principal + "-java.properties"), java.toString());
        }
    }

    /** Beside the broker's log dir, which must hold nothing but the broker's own files. */
    public static Path clientsDir(Path kafkaDir) {
        return kafkaDir.toAbsolutePath().normalize().resolveSibling(kafkaDir.getFileName() + "-clients");
    }


    private static void write(Path file, String text) {
        Secrets.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
