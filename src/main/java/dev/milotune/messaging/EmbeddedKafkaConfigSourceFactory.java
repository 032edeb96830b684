package dev.milotune.messaging;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code kafka.bootstrap.servers} from the embedded broker when no other source sets it,
 * and, once that broker runs, the SASL settings its clients log in with (as the orchestrator).
 *
 * <p>The source has the lowest ordinal of any that matter, so it is only asked when the property
 * is configured nowhere else (properties, environment, system properties, test resources). The
 * broker starts on that first request: before any Kafka client can use the address, and never
 * when an external cluster is configured.
 */
public final class EmbeddedKafkaConfigSourceFactory implements ConfigSourceFactory {

    static final String BOOTSTRAP = "kafka.bootstrap.servers";
    private static final Set<String> NAMES = java.util.stream.Stream.concat(java.util.stream.Stream.of(BOOTSTRAP),
            KafkaLogin.KEYS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Map<String, Object> EXTERNAL_DEFAULTS = Map.of("kafka.security.protocol", "PLAINTEXT", "kafka.sasl.mechanism", "GSSAPI");
    private static final int ORDINAL = 10;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Path dataDir = Path.of(valueOr(context, "milotune.data-dir", "./.milotune"));
        int port = Integer.parseInt(valueOr(context, "milotune.embedded-kafka.port", "0"));
        return List.of(new LazyBrokerSource(dataDir, port));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    private static final class LazyBrokerSource implements ConfigSource {
        private final Path dataDir;
        private final int port;

        LazyBrokerSource(Path dataDir, int port) {
            this.dataDir = dataDir;
            this.port = port;
        }

        @Override
        public Set<String> getPropertyNames() {
            return NAMES;
        }

        @Override
        public String getValue(String propertyName) {
            // The build (augmentation) reads configuration too; only a running application gets a broker.
            if (ExecutionMode.current() == ExecutionMode.UNSET) {
                return null;
            }
            if (BOOTSTRAP.equals(propertyName)) {
                return EmbeddedKafka.bootstrapServers(dataDir, port);
            }
            // How this process's clients log in to its own broker, once it runs (the topic set-up
            // sees to that before any channel starts). For an external cluster, Kafka's own
            // defaults: Quarkus turns a listed name without a value into "", which Kafka refuses.
            Map<String, Object> login = EmbeddedKafka.clientProperties(KafkaPrincipals.ORCHESTRATOR);
            Object value = login.isEmpty() ? EXTERNAL_DEFAULTS.get(propertyName) : login.get(propertyName.substring("kafka.".length()));
            return value == null ? null : value.toString();
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }

        @Override
        public String getName() {
            return "milotune-embedded-kafka";
        }
    }
}
