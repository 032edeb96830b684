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
 * ({@code kcat -F <data-dir>/kafka-clients/worker.properties -L}) and a Java client config
 * ({@code worker-java.properties}).
 */
public record KafkaPrincipals(String orchestratorPassword, String workerPassword) {

    public static final String ORCHESTRATOR = "orchestrator";
    public static final String WORKER = "worker";

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
                write(file, "# The embedded broker's SASL/PLAIN passwords (created once; delete the broker's log dir to reset)\n"
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

    /** The JAAS line of a principal (a client logs in with it; the broker also lists every user). */
    String jaas(String principal, boolean withUsers) {
        StringBuilder line = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"")
                .append(principal).append("\" password=\"").append(password(principal)).append('"');
        if (withUsers) {
            line.append(" user_").append(ORCHESTRATOR).append("=\"").append(orchestratorPassword).append('"')
                    .append(" user_").append(WORKER).append("=\"").append(workerPassword).append('"');
        }
        return line.append(';').toString();
    }

    /** What a Java Kafka client of {@code principal} adds to its configuration. */
    public Map<String, Object> clientProperties(String principal) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", jaas(principal, false));
        return p;
    }

    /** Writes each principal's client configs for the broker now at {@code bootstrap}. */
    void writeClientConfigs(Path kafkaDir, String bootstrap) {
        for (String principal : new String[] {ORCHESTRATOR, WORKER}) {
            Path dir = clientsDir(kafkaDir);
            write(dir.resolve(principal + ".properties"), "# librdkafka / kcat: kcat -F " + dir.resolve(principal + ".properties") + " -L\n"
                    + "bootstrap.servers=" + bootstrap + "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN\n"
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
