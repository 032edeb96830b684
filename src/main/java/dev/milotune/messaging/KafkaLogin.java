package dev.milotune.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How the Kafka clients that milotune builds itself (the topic admin, the plan reader) log in: to
 * the embedded broker as one of its principals, or to an external cluster with the process's own
 * {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and {@code kafka.sasl.jaas.config}
 * (on Kubernetes, the SCRAM credentials of its KafkaUser), which the messaging channels read too.
 */
final class KafkaLogin {

    /** The login settings an external cluster's clients take from configuration. */
    static final List<String> KEYS = List.of("kafka.security.protocol", "kafka.sasl.mechanism", "kafka.sasl.jaas.config");

    private KafkaLogin() {
    }

    /** The settings a client adds to log in as {@code embeddedPrincipal} on the embedded broker, or as this process elsewhere. */
    static Map<String, Object> settings(String embeddedPrincipal) {
        if (EmbeddedKafka.running().isPresent()) {
            return EmbeddedKafka.clientProperties(embeddedPrincipal);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        var config = ConfigProvider.getConfig();
        for (String key : KEYS) {
            config.getOptionalValue(key, String.class).ifPresent(value -> settings.put(key.substring("kafka.".length()), value));
        }
        return settings;
    }
}
