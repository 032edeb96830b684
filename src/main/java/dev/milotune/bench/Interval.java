package dev.milotune.bench;

import java.util.List;

/**
 * The mean of paired per-seed differences or ratios with its 95 % confidence interval: Student's t
 * over the seeds, {@code mean ± t(0.975, n - 1) * sd / sqrt(n)}. Undefined bounds (NaN) for fewer
 * than two values: one seed says nothing about the spread.
 *
 * @param sd sample standard deviation (n - 1 in the denominator)
 */
public record Interval(int n, double mean, double sd, double lo, double hi) {

    /** t(0.975, df) for df = 1..30, from the t table; beyond, the Cornish-Fisher expansion below. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    /** The 95 % t interval of the finite values among {@code values}. */
    public static Interval t95(List<Double> values) {
        Summary s = Summary.of(values.stream().filter(v -> v != null && Double.isFinite(v)).toList());
        if (s.n() < 2) {
            return new Interval(s.n(), s.mean(), Double.NaN, Double.NaN, Double.NaN);
        }
        double half = t975(s.n() - 1) * s.sd() / Math.sqrt(s.n());
        return new Interval(s.n(), s.mean(), s.sd(), s.mean() - half, s.mean() + half);
    }

    /**
     * The interval of a ratio (a speedup) over seeds, on the log scale: the geometric mean, and
     * {@code exp(mean ln ± t(0.975, n - 1) * sd ln / sqrt(n))}, so that bounds stay positive and 2x
     * and 0.5x lie equally far from 1x. {@code sd} is that of the natural logarithms. Values that are
     * not finite and positive are left out.
     */
    public static Interval ratio(List<Double> values) {
        List<Double> kept = values.stream().filter(v -> v != null && Double.isFinite(v) && v > 0).toList();
        Interval logs = t95(kept.stream().map(Math::log).toList());
        // exp(ln x) need not be x: equal ratios (one seed among them) keep their exact value, so a threshold reads them as they are.
        double mean = !kept.isEmpty() && kept.stream().distinct().count() == 1 ? kept.get(0) : Math.exp(logs.mean());
        return new Interval(logs.n(), mean, logs.sd(), Math.exp(logs.lo()), Math.exp(logs.hi()));
    }

    /** Student's t quantile at 0.975 for {@code df} degrees of freedom. */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom is " + df + ", but must be >= 1");
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
    }

    public boolean isEmpty() {
        return n == 0;
    }

    /** Whether both bounds are known (two seeds or more). */
    public boolean bounded() {
        return Double.isFinite(lo) && Double.isFinite(hi);
    }
}
