package dev.milotune.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.milotune.messaging.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The packaged artifact on embedded defaults: start, readiness, restart on the same data, bad settings. */
class ArtifactIT {

    final Path work = Path.of("target", "artifact-it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void startsOnEmbeddedDefaultsAndARestartLosesNothing() throws Exception {
        String firstWorker;
        String clusterId;
        try (LaunchedApp app = LaunchedApp.start(work, work.resolve("first.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(app.get("/q/health/ready").path("status").asText()));
            System.out.printf("ArtifactIT: listening after %d ms, ready checked%n", app.startup.toMillis());
            JsonNode system = app.get("/api/v1/system");
            assertThat(system.path("kafka").path("embedded").asBoolean()).isTrue();
            assertThat(system.path("kafka").path("logDir").asText()).isEqualTo(work.resolve(".milotune/kafka").toString());
            assertThat(system.path("dataDir").asText()).isEqualTo(work.resolve(".milotune").toString());
            assertThat(system.path("database").path("url").asText()).isEqualTo("jdbc:h2:file:" + work.resolve(".milotune/db/milotune") + ";WRITE_DELAY=0");
            assertThat(checkNames(app.get("/q/health/ready")))
                    .contains("Database connections health check", "Kafka connection health check");
            await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/api/v1/workers").size() == 1);
            firstWorker = app.get("/api/v1/workers").get(0).path("id").asText();
            clusterId = clusterId();
        }

        try (LaunchedApp app = LaunchedApp.start(work, work.resolve("second.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(app.get("/q/health/ready").path("status").asText()));
            assertThat(clusterId()).as("the broker reuses its formatted log dir").isEqualTo(clusterId);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/api/v1/workers").size() == 2);
            List<String> workers = new ArrayList<>();
            app.get("/api/v1/workers").forEach(w -> workers.add(w.path("id").asText()));
            assertThat(workers).as("the database kept the first run's worker").contains(firstWorker);

            String bootstrap = app.get("/api/v1/system").path("kafka").path("bootstrapServers").asText();
            assertThat(heartbeatKeys(clientSettings("orchestrator"), firstWorker)).as("the broker kept the first run's heartbeats")
                    .contains(firstWorker);
            theBrokerKnowsItsClients(bootstrap);
        }
    }

    /**
     * The embedded broker asks who connects and lets each principal do only its part: a client
     * without credentials gets nothing, a worker cannot write tasks but can write reports.
     */
    private void theBrokerKnowsItsClients(String bootstrap) throws Exception {
        Path clients = work.resolve(".milotune/kafka-clients");
        for (String file : List.of("passwords.properties", "worker.properties", "worker-java.properties", "orchestrator.properties")) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(clients.resolve(file)))
                    .as(file).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(Files.readString(clients.resolve("worker.properties"))).contains("bootstrap.servers=" + bootstrap)
                .contains("sasl.username=worker").contains("security.protocol=SASL_PLAINTEXT");

        Map<String, Object> nobody = Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 5000, "request.timeout.ms", 3000);
        try (Admin admin = Admin.create(nobody)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).as("a client without credentials").isInstanceOf(Exception.class);
        }

        Properties worker = clientSettings("worker");
        worker.put("max.block.ms", 10000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(worker, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("milotune.trials", "forged", "{}")).get())
                    .as("a worker writing a task").hasCauseInstanceOf(TopicAuthorizationException.class);
            producer.send(new ProducerRecord<>("milotune.reports", "probe", "not a report")).get();
        }
        Properties orchestrator = clientSettings("orchestrator");
        try (Admin admin = Admin.create(orchestrator)) {
            assertThat(admin.listTopics().names().get()).contains("milotune.trials", "milotune.reports");
        }
    }

    /** A principal's Java client settings, as the broker wrote them. */
    private Properties clientSettings(String principal) throws Exception {
        Properties props = new Properties();
        try (var in = Files.newInputStream(work.resolve(".milotune/kafka-clients/" + principal + "-java.properties"))) {
            props.load(in);
        }
        return props;
    }

    /**
     * A deployment in two processes on an external broker (started by this test): an orchestrator
     * and a worker. Each starts only its role's channels; the worker keeps no database.
     */
    @Test
    void eachRoleStartsOnlyItsOwnComponents() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("external-kafka"), 0)) {
            String bootstrap = "-Dkafka.bootstrap.servers=" + broker.bootstrapServers();
            Path orchestratorDir = work.resolve("orchestrator");
            Path workerDir = work.resolve("worker");
            try (LaunchedApp orchestrator = LaunchedApp.start(orchestratorDir, work.resolve("orchestrator.log"),
                         "-Dmilotune.role=orchestrator", bootstrap);
                 LaunchedApp worker = LaunchedApp.start(workerDir, work.resolve("worker.log"), "-Dmilotune.role=worker", bootstrap)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(orchestrator.get("/q/health/ready").path("status").asText()));
                await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(worker.get("/q/health/ready").path("status").asText()));

                assertThat(channels(orchestrator)).contains("reports-in").doesNotContain("reports-out");
                assertThat(channels(worker)).contains("reports-out").doesNotContain("reports-in");
                assertThat(Files.exists(workerDir.resolve(".milotune/db"))).as("a worker keeps no database").isFalse();
                assertThat(Files.exists(orchestratorDir.resolve(".milotune/kafka"))).as("no embedded broker").isFalse();

                // The orchestrator hears the worker process, and has no worker of its own.
                await().atMost(Duration.ofSeconds(30)).until(() -> orchestrator.get("/api/v1/workers").size() == 1);
                // A worker of the orchestrator's own would have beaten at its start, long before the
                // worker process's next heartbeat lands: wait for that one, then count.
                String seen = orchestrator.get("/api/v1/workers").get(0).path("lastHeartbeatAt").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> !orchestrator.get("/api/v1/workers").get(0).path("lastHeartbeatAt")
                        .asText().equals(seen));
                JsonNode workers = orchestrator.get("/api/v1/workers");
                assertThat(workers).hasSize(1);
                assertThat(workers.get(0).path("id").asText()).endsWith("/" + worker.process.pid());
            }
        }
    }

    /** Help and bad options are answered from the command line alone: no broker, no database, in seconds. */
    @org.junit.jupiter.params.ParameterizedTest(name = "milotune {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            --help                 | 0 | Without a command the service starts
            run --help             | 0 | Usage: milotune run
            run missing.json       | 2 | cannot read the study spec missing.json: no such file
            bench --help           | 0 | Usage: milotune bench
            bench --bad-option     | 2 | Unknown option: '--bad-option'
            bench --preset fast    | 2 | unknown preset 'fast': must be quick, full, claim or wide
            select --help          | 0 | Usage: milotune select
            fetch --help           | 0 | Usage: milotune fetch
            token --help           | 0 | Usage: milotune token
            tokens list            | 2 | command is tokens, but must be one of run, bench, select, fetch, token, help
            """)
    void commandsAnswerHelpAndBadOptionsBeforeAnythingStarts(String arguments, int exitCode, String answer) throws Exception {
        LaunchedApp.Ended ended = LaunchedApp.runCommand(work, work.resolve("command.log"), arguments.split(" "));

        assertThat(ended.exitCode()).as(ended.output()).isEqualTo(exitCode);
        assertThat(ended.output()).contains(answer).doesNotContain("Kafka", "Database", "Listening on");
        assertThat(ended.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(Files.exists(work.resolve(".milotune/kafka"))).as("no embedded broker").isFalse();
        assertThat(Files.exists(work.resolve(".milotune/db"))).as("no database").isFalse();
    }

    @Test
    void anUnknownRoleFailsTheStartNamingTheSetting() throws Exception {
        LaunchedApp.Failure failure = LaunchedApp.expectFailure(work, work.resolve("role.log"), "-Dmilotune.role=boss");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("milotune.role is 'boss', but must be one of all, orchestrator, worker");
    }

    @Test
    void anUnreachableExternalBrokerFailsTheStartNamingTheSetting() throws Exception {
        LaunchedApp.Failure failure = LaunchedApp.expectFailure(work, work.resolve("kafka.log"), "-Dkafka.bootstrap.servers=localhost:1");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("Kafka is unreachable at kafka.bootstrap.servers=localhost:1");
        assertThat(Files.exists(work.resolve(".milotune/kafka"))).as("no embedded broker was started").isFalse();
    }

    @Test
    void aBadDatabaseUrlFailsTheStartNamingTheSetting() throws Exception {
        LaunchedApp.Failure failure = LaunchedApp.expectFailure(work, work.resolve("db.log"),
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:tcp://localhost:1/nowhere");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("Cannot use the database at quarkus.datasource.jdbc.url=jdbc:h2:tcp://localhost:1/nowhere");
    }

    private static List<String> checkNames(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.path("checks").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static List<String> channels(LaunchedApp app) throws Exception {
        List<String> channels = new ArrayList<>();
        app.get("/q/health/ready").path("checks").forEach(c -> {
            if (c.path("name").asText().contains("Reactive Messaging")) {
                c.path("data").fieldNames().forEachRemaining(channels::add);
            }
        });
        return channels;
    }

    private String clusterId() throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(work.resolve(".milotune/kafka/meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private static List<String> heartbeatKeys(Properties props, String wanted) {
        props.put("group.id", "artifact-it-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("milotune.reports"));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
                if (keys.contains(wanted)) {
                    break;
                }
            }
        }
        return keys;
    }
}
