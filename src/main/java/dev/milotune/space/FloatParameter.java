package dev.milotune.space;

import java.util.Optional;

/**
 * A real-valued parameter: uniform on [low, high], log-uniform when {@code log} (the density is
 * uniform in ln x, the usual prior for learning rates), or restricted to the grid
 * {@code low, low + step, ..., high} when {@code step} is present. Values are {@code Double}.
 *
 * <p>Rules: low and high finite, low &lt; high; log needs low &gt; 0; a step is &gt; 0, divides
 * high - low, and excludes log.
 */
public record FloatParameter(String name, double low, double high, boolean log, Optional<Double> step,
        Optional<Condition> condition) implements Parameter {

    /** Relative tolerance for "on the step grid", so that 0.1 * 3 counts as a multiple of 0.1. */
    private static final double GRID_TOLERANCE = 1e-9;
    /** Beyond 2^52 grid points, low + k * step can no longer tell neighbours apart. */
    private static final double MAX_STEPS = 0x1p52;

    public FloatParameter {
        Names.check(name);
        step = step == null ? Optional.empty() : step;
        condition = condition == null ? Optional.empty() : condition;
        String at = "searchSpace." + name;
        if (!Double.isFinite(low)) {
            throw new InvalidSpecException(at + ".low", low, "must be a finite number");
        }
        if (!Double.isFinite(high)) {
            throw new InvalidSpecException(at + ".high", high, "must be a finite number");
        }
        if (!(low < high)) {
            throw new InvalidSpecException(at + ".low", low, "must be < high (" + high + ")");
        }
        if (log && !(low > 0)) {
            throw new InvalidSpecException(at + ".low", low, "must be > 0 when log is true");
        }
        if (step.isPresent()) {
            double s = step.get();
            if (log) {
                throw new InvalidSpecException(at + ".step", s, "must be absent when log is true");
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new InvalidSpecException(at + ".step", s, "must be > 0");
            }
            double count = (high - low) / s;
            if (count > MAX_STEPS) {
                throw new InvalidSpecException(at + ".step", s, "must leave at most 2^52 steps between low and high");
            }
            if (Math.abs(count - Math.rint(count)) > GRID_TOLERANCE * Math.max(1.0, count)) {
                throw new InvalidSpecException(at + ".step", s, "must divide high - low (" + (high - low) + ")");
            }
        }
        condition.ifPresent(c -> Condition.checkShape(at, c));
    }

    /** Uniform on [low, high]. */
    public static FloatParameter uniform(String name, double low, double high) {
        return new FloatParameter(name, low, high, false, Optional.empty(), Optional.empty());
    }

    /** Log-uniform on [low, high]: uniform in ln x. */
    public static FloatParameter logUniform(String name, double low, double high) {
        return new FloatParameter(name, low, high, true, Optional.empty(), Optional.empty());
    }

    /** Uniform on the grid low, low + step, ..., high. */
    public static FloatParameter stepped(String name, double low, double high, double step) {
        return new FloatParameter(name, low, high, false, Optional.of(step), Optional.empty());
    }

    @Override
    public FloatParameter when(String parent, Object... values) {
        return new FloatParameter(name, low, high, log, step, Optional.of(Condition.of(parent, values)));
    }

    /** Number of grid points when stepped: (high - low) / step + 1. */
    public long stepCount() {
        return step.map(s -> Math.round((high - low) / s) + 1).orElseThrow(
                () -> new IllegalStateException(name + " has no step"));
    }

    /** The k-th grid point (0-based) when stepped; the last one is exactly {@code high}. */
    public double gridPoint(long k) {
        long n = stepCount();
        if (k < 0 || k >= n) {
            throw new IndexOutOfBoundsException("grid point " + k + " of " + name + ", which has " + n);
        }
        return k == n - 1 ? high : low + k * step.get();
    }

    /** The domain value nearest to {@code x}: clamped to [low, high] and, when stepped, rounded to the grid. */
    public double snap(double x) {
        if (step.isEmpty()) {
            return Math.min(high, Math.max(low, x));
        }
        long k = Math.round((x - low) / step.get());
        return gridPoint(Math.min(stepCount() - 1, Math.max(0, k)));
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Double d) || !(d >= low && d <= high)) {
            return false;
        }
        if (step.isEmpty()) {
            return true;
        }
        double k = (d - low) / step.get();
        return Math.abs(k - Math.rint(k)) <= GRID_TOLERANCE * Math.max(1.0, k);
    }

    @Override
    public String toString() {
        return name + " ~ " + (log ? "log-uniform" : "uniform") + "[" + low + ", " + high + "]"
                + step.map(s -> " step " + s).orElse("") + condition.map(c -> " if " + c).orElse("");
    }
}
