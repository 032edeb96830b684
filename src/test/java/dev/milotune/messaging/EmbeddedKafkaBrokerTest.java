package dev.milotune.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void messagesSurviveARestartOnTheSameLogDir() throws Exception {
        String first;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            first = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", first))) {
                admin.createTopics(List.of(new NewTopic("restart-check", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", first, "acks", "all"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("restart-check", "k" + i, "v" + i)).get();
                }
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            assertThat(broker.logDir()).isEqualTo(dir);
            List<String> values = consumeAll(broker.bootstrapServers(), "restart-check", 100);
            assertThat(values).hasSize(100).startsWith("v0", "v1").endsWith("v99");
        }
    }

    @Test
    void theSecuredBrokerTakesScramOnItsClientListenerAndPlainOnlyOnItsOwnAcrossARestart() throws Exception {
        for (int start = 0; start < 2; start++) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecured(dir, 0)) {
                KafkaPrincipals principals = broker.principals().orElseThrow();
                for (String principal : List.of(KafkaPrincipals.ORCHESTRATOR, KafkaPrincipals.WORKER)) {
                    Map<String, Object> login = new java.util.HashMap<>(principals.clientProperties(principal));
                    assertThat(login).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
                    login.put("bootstrap.servers", broker.bootstrapServers());
                    try (Admin admin = Admin.create(login)) {
                        assertThat(admin.describeCluster().clusterId().get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotBlank();
                    }
                }
                String worker = principals.password(KafkaPrincipals.WORKER);
                String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";";
                // On the client listener: the password in clear (PLAIN), a wrong SCRAM password, and no login are all refused.
                assertThat(loginFails(broker.bootstrapServers(), "SASL_PLAINTEXT", "PLAIN", plain.formatted("worker", worker))).contains("PLAIN");
                assertThat(loginFails(broker.bootstrapServers(), "SASL_PLAINTEXT", "SCRAM-SHA-512",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"worker\" password=\"" + worker + "x\";"))
                        .contains("Authentication failed");
                assertThat(loginFails(broker.bootstrapServers(), "PLAINTEXT", null, null)).isNotEmpty();
                // librdkafka before 2.6.1 (Debian's) gets a PLAIN listener of its own, where the two principals log in, and the node does not.
                Properties librdkafka = new Properties();
                try (var in = java.nio.file.Files.newBufferedReader(KafkaPrincipals.clientsDir(dir).resolve("worker.properties"))) {
                    librdkafka.load(in);
                }
                assertThat(librdkafka).containsEntry("sasl.mechanisms", "PLAIN").containsEntry("sasl.password", worker);
                String legacyPlain = librdkafka.getProperty("bootstrap.servers");
                assertThat(legacyPlain).isNotEqualTo(broker.bootstrapServers());
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", legacyPlain, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN", "sasl.jaas.config", plain.formatted("worker", worker)))) {
                    assertThat(admin.describeCluster().clusterId().get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotBlank();
                }
                assertThat(loginFails(legacyPlain, "SASL_PLAINTEXT", "PLAIN",
                        plain.formatted("worker", principals.password(KafkaPrincipals.ORCHESTRATOR)))).contains("Authentication failed");
                assertThat(loginFails(legacyPlain, "SASL_PLAINTEXT", "PLAIN", plain.formatted("node", worker))).contains("Authentication failed");
            }
        }
    }

    /** Why a client with these settings cannot describe the cluster (it must not). */
    private static String loginFails(String bootstrap, String protocol, String mechanism, String jaas) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of("bootstrap.servers", bootstrap, "security.protocol", protocol,
                "default.api.timeout.ms", 5000, "request.timeout.ms", 4000));
        if (mechanism != null) {
            props.put("sasl.mechanism", mechanism);
            props.put("sasl.jaas.config", jaas);
        }
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("a client logged in with " + protocol + " / " + mechanism);
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "restart-check-reader");
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
