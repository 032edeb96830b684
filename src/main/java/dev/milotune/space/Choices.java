package dev.milotune.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The values a categorical choice (or a condition value) may take, normalised to the types of {@link Configuration}. */
final class Choices {

    private Choices() {
    }

    /**
     * Copies {@code values}, turning {@code Integer}/{@code Short}/{@code Byte} into {@code Long} and
     * {@code Float} into {@code Double}. With a {@code field}, a null or unsupported value is an
     * {@link InvalidSpecException}; without one it is kept for the owner to report.
     */
    static List<Object> normalise(List<?> values, String field) {
        List<Object> copy = new ArrayList<>(values.size());
        for (Object value : values) {
            Object normal = normalise(value);
            if (field != null && !(normal instanceof String || normal instanceof Long || normal instanceof Double || normal instanceof Boolean)) {
                throw new InvalidSpecException(field, value, "must hold only Strings, integers, numbers or booleans");
            }
            copy.add(normal);
        }
        return Collections.unmodifiableList(copy);
    }

    static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}
