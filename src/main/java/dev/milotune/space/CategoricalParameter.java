package dev.milotune.space;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A parameter taking one of a list of choices, each a {@code String}, {@code Long}, {@code Double}
 * or {@code Boolean} ({@code Integer} is normalised to {@code Long}, {@code Float} to
 * {@code Double}). The order of the choices is the order of the grid.
 *
 * <p>Rules: choices non-empty and distinct. Only categorical parameters can be a condition's parent.
 */
public record CategoricalParameter(String name, List<Object> choices, Optional<Condition> condition) implements Parameter {

    public CategoricalParameter {
        Names.check(name);
        condition = condition == null ? Optional.empty() : condition;
        String at = "searchSpace." + name;
        if (choices == null || choices.isEmpty()) {
            throw new InvalidSpecException(at + ".choices", choices, "must not be empty");
        }
        choices = Choices.normalise(choices, at + ".choices");
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new InvalidSpecException(at + ".choices", choices, "must be distinct");
        }
        condition.ifPresent(c -> Condition.checkShape(at, c));
    }

    public static CategoricalParameter of(String name, Object... choices) {
        return new CategoricalParameter(name, Arrays.asList(choices), Optional.empty());
    }

    @Override
    public CategoricalParameter when(String parent, Object... values) {
        return new CategoricalParameter(name, choices, Optional.of(Condition.of(parent, values)));
    }

    @Override
    public boolean contains(Object value) {
        return value != null && choices.contains(value);
    }

    @Override
    public String toString() {
        return name + " in " + choices + condition.map(c -> " if " + c).orElse("");
    }
}
