package dev.milotune.space;

import java.util.Arrays;
import java.util.List;

/**
 * Makes a parameter conditional: it is active only when {@code parent} is active and has one of
 * {@code values}. The parent must be a categorical parameter declared earlier in the search space;
 * the values must be among its choices ({@link SearchSpace} checks both).
 *
 * <p>Values are normalised like categorical choices ({@code Integer} becomes {@code Long},
 * {@code Float} becomes {@code Double}), so a condition read from JSON matches the choices.
 */
public record Condition(String parent, List<Object> values) {

    public Condition {
        // Shape errors (null parent, empty values) are reported by the parameter that owns the
        // condition, which knows the field path; here only normalise.
        values = values == null ? List.of() : Choices.normalise(values, null);
    }

    public static Condition of(String parent, Object... values) {
        return new Condition(parent, Arrays.asList(values));
    }

    /** Checks the condition's own shape; {@code at} is the owning parameter's path, e.g. {@code searchSpace.momentum}. */
    static void checkShape(String at, Condition condition) {
        if (condition.parent() == null || condition.parent().isBlank()) {
            throw new InvalidSpecException(at + ".condition.parent", condition.parent(), "must name a parameter");
        }
        if (condition.values().isEmpty()) {
            throw new InvalidSpecException(at + ".condition.values", condition.values(), "must not be empty");
        }
        Choices.normalise(condition.values(), at + ".condition.values");
    }

    @Override
    public String toString() {
        return parent + " in " + values;
    }
}
