package dev.milotune.api;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.messaging.KafkaInfo;
import dev.milotune.messaging.KafkaTopics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    /** Where this process keeps its data and finds its infrastructure. */
    public record SystemInfo(String version, String role, String dataDir, KafkaView kafka, DatabaseView database) {
    }

    /**
     * @param embedded true when this process runs the broker itself
     * @param logDir the embedded broker's log dir, null for an external cluster
     */
    public record KafkaView(String bootstrapServers, boolean embedded, String logDir, List<String> topics) {
    }

    public record DatabaseView(String kind, String url) {
    }

    private final MilotuneConfig config;
    private final KafkaInfo kafka;
    private final KafkaTopics topics;
    private final String dbKind;
    private final String dbUrl;
    private final String version;

    SystemResource(MilotuneConfig config, KafkaInfo kafka, KafkaTopics topics,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String dbUrl,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.config = config;
        this.kafka = kafka;
        this.topics = topics;
        this.dbKind = dbKind;
        this.dbUrl = dbUrl;
        this.version = version;
    }

    @GET
    @Operation(summary = "Role, data dir, Kafka bootstrap address and database of this process")
    public SystemInfo get() {
        return new SystemInfo(version, config.role().name().toLowerCase(), config.dataDir().toAbsolutePath().normalize().toString(),
                new KafkaView(kafka.bootstrapServers(), kafka.embeddedLogDir().isPresent(),
                        kafka.embeddedLogDir().map(p -> p.toAbsolutePath().normalize().toString()).orElse(null),
                        topics.wanted().stream().map(KafkaTopics.TopicSpec::name).toList()),
                new DatabaseView(dbKind, withoutCredentials(dbUrl)));
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("(?i)(password|user)=[^;&]*", "$1=***");
    }
}
