package dev.milotune.space;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One point of a search space: parameter name to value. Values are {@code Double} (float
 * parameters), {@code Long} (int parameters), or the choice itself (categorical: a {@code String},
 * {@code Long}, {@code Double} or {@code Boolean}). Inactive conditional parameters are absent.
 * Immutable, ordered by name so that equal configurations print and hash alike.
 */
public record Configuration(Map<String, Object> values) {

    public Configuration {
        Objects.requireNonNull(values, "values");
        TreeMap<String, Object> copy = new TreeMap<>();
        values.forEach((name, value) -> {
            if (!(value instanceof Double || value instanceof Long || value instanceof String || value instanceof Boolean)) {
                throw new IllegalArgumentException("parameter '" + name + "' has value " + value + " of type "
                        + (value == null ? "null" : value.getClass().getSimpleName())
                        + ", but must be a Double, Long, String or Boolean");
            }
            copy.put(name, value);
        });
        values = Collections.unmodifiableMap(copy);
    }

    public static Configuration empty() {
        return new Configuration(Map.of());
    }
}
