package dev.milotune.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.space.Configuration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration as a flat JSON object (integers read back as Long, decimals as Double), and a
 * report's metrics as one of numbers.
 */
final class ConfigurationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigurationJson() {
    }

    static String write(Configuration configuration) {
        ObjectNode node = MAPPER.createObjectNode();
        configuration.values().forEach((name, value) -> {
            if (value instanceof Double d) {
                node.put(name, d);
            } else if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else {
                node.put(name, (String) value);
            }
        });
        return node.toString();
    }

    static Configuration read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(e -> values.put(e.getKey(), value(e.getKey(), e.getValue())));
            return new Configuration(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored configuration is not valid JSON: " + json, e);
        }
    }

    static String writeMetrics(Map<String, Double> metrics) {
        ObjectNode node = MAPPER.createObjectNode();
        new java.util.TreeMap<>(metrics).forEach(node::put);
        return node.toString();
    }

    static Map<String, Double> readMetrics(String json) {
        try {
            Map<String, Double> values = new LinkedHashMap<>();
            MAPPER.readTree(json).properties().forEach(e -> values.put(e.getKey(), e.getValue().doubleValue()));
            return values;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics are not valid JSON: " + json, e);
        }
    }

    private static Object value(String name, JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new IllegalStateException("stored configuration has parameter '" + name + "' of JSON type " + node.getNodeType());
    }
}
