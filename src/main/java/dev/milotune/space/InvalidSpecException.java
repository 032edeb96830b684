package dev.milotune.space;

import java.util.Objects;

/**
 * Invalid input to a study: a search space, a configuration, or a sampler or scheduler option. Names
 * the field as a dotted path ({@code searchSpace.lr.low}, {@code scheduler.eta}), the offending value
 * and the rule it breaks; the message reads {@code "<field> is <value>, but <rule>"}, e.g.
 * {@code "scheduler.eta is 1, but must be >= 2"}. The orchestrator maps it to a 400 problem+json.
 */
public class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;
    private final String rule;

    /**
     * @param field dotted path of the field, e.g. {@code searchSpace.lr.low}
     * @param value the offending value (may be null)
     * @param rule what the value must satisfy, starting with "must", e.g. {@code "must be >= 2"}
     */
    public InvalidSpecException(String field, Object value, String rule) {
        super(Objects.requireNonNull(field, "field") + " is " + describe(value) + ", but " + Objects.requireNonNull(rule, "rule"));
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    public String rule() {
        return rule;
    }

    /** The same error with its field placed under {@code prefix}: {@code under("spec")} turns {@code scheduler.eta} into {@code spec.scheduler.eta}. */
    public InvalidSpecException under(String prefix) {
        return new InvalidSpecException(prefix + "." + field, value, rule);
    }

    /**
     * A long text cut to its first 60 characters, for quoting a rejected value: a 1 MB name must not
     * come back in the error (or reach a log line) whole.
     */
    public static String abbreviate(String text) {
        return text == null || text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " characters)";
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
