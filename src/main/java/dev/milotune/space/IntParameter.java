package dev.milotune.space;

import java.util.Optional;

/**
 * An integer parameter on {@code low, low + step, ..., high}, uniform, or log-uniform when
 * {@code log} (drawn uniform in ln x over [low - 0.5, high + 0.5] and rounded, as Optuna does).
 * Values are {@code Long}.
 *
 * <p>Rules: low &lt; high; log needs low &gt;= 1 and step 1; step &gt;= 1 and divides high - low.
 */
public record IntParameter(String name, long low, long high, boolean log, long step, Optional<Condition> condition)
        implements Parameter {

    public IntParameter {
        Names.check(name);
        condition = condition == null ? Optional.empty() : condition;
        String at = "searchSpace." + name;
        if (low >= high) {
            throw new InvalidSpecException(at + ".low", low, "must be < high (" + high + ")");
        }
        if (log && low <= 0) {
            throw new InvalidSpecException(at + ".low", low, "must be > 0 when log is true");
        }
        if (step < 1) {
            throw new InvalidSpecException(at + ".step", step, "must be >= 1");
        }
        if (log && step != 1) {
            throw new InvalidSpecException(at + ".step", step, "must be 1 when log is true");
        }
        long span;
        try {
            span = Math.subtractExact(high, low);
        } catch (ArithmeticException overflow) {
            throw new InvalidSpecException(at + ".high", high, "must be within Long.MAX_VALUE of low (" + low + ")");
        }
        if (span % step != 0) {
            throw new InvalidSpecException(at + ".step", step, "must divide high - low (" + span + ")");
        }
        if (span / step == Long.MAX_VALUE) {
            throw new InvalidSpecException(at + ".high", high, "must leave fewer than Long.MAX_VALUE values");
        }
        condition.ifPresent(c -> Condition.checkShape(at, c));
    }

    /** Uniform on low..high. */
    public static IntParameter range(String name, long low, long high) {
        return new IntParameter(name, low, high, false, 1, Optional.empty());
    }

    /** Uniform on low, low + step, ..., high. */
    public static IntParameter stepped(String name, long low, long high, long step) {
        return new IntParameter(name, low, high, false, step, Optional.empty());
    }

    /** Log-uniform on low..high. */
    public static IntParameter logUniform(String name, long low, long high) {
        return new IntParameter(name, low, high, true, 1, Optional.empty());
    }

    @Override
    public IntParameter when(String parent, Object... values) {
        return new IntParameter(name, low, high, log, step, Optional.of(Condition.of(parent, values)));
    }

    /** Number of values: (high - low) / step + 1. */
    public long stepCount() {
        return (high - low) / step + 1;
    }

    /** The k-th value (0-based). */
    public long gridPoint(long k) {
        if (k < 0 || k >= stepCount()) {
            throw new IndexOutOfBoundsException("value " + k + " of " + name + ", which has " + stepCount());
        }
        return low + k * step;
    }

    /** The value nearest to {@code x}, clamped to [low, high] and rounded to the step. */
    public long snap(double x) {
        double k = Math.rint((x - low) / step);
        return gridPoint((long) Math.min(stepCount() - 1, Math.max(0, k)));
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Long v && v >= low && v <= high && (v - low) % step == 0;
    }

    @Override
    public String toString() {
        return name + " ~ " + (log ? "log-int" : "int") + "[" + low + ", " + high + "]"
                + (step != 1 ? " step " + step : "") + condition.map(c -> " if " + c).orElse("");
    }
}
