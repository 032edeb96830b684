package dev.milotune.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** With no Kafka configured, the application starts a real broker of its own under the data dir. */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.NoKafkaConfigured.class)
class EmbeddedDefaultTest {

    public static class NoKafkaConfigured implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.data-dir", "target/milotune-embedded-default");
        }
    }

    @Test
    void theApplicationRunsItsOwnBrokerWithItsLogUnderTheDataDir() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafka.running().orElseThrow();
        Path expected = Path.of("target/milotune-embedded-default/kafka").toAbsolutePath().normalize();
        assertThat(broker.logDir().toAbsolutePath().normalize()).isEqualTo(expected);
        assertThat(Files.exists(expected.resolve("meta.properties"))).isTrue();

        given().get("/api/v1/system").then().statusCode(200)
                .body("kafka.embedded", equalTo(true))
                .body("kafka.bootstrapServers", equalTo(broker.bootstrapServers()))
                .body("database.url", startsWith("jdbc:h2:file:" + Path.of("target/milotune-embedded-default").toAbsolutePath().normalize()));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("milotune.trials", "milotune.reports", "milotune.plans", "milotune.control");
        }
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("Database connections health check", "Kafka connection health check"));
    }
}
