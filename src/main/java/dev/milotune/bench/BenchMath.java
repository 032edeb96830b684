package dev.milotune.bench;

import java.util.List;

/** The experiment's derived numbers, as plain functions. */
public final class BenchMath {

    private BenchMath() {
    }

    /** {@code baseline / arm}; NaN when the arm cost nothing or either side is unknown. */
    public static double speedup(double baselineSeconds, double armSeconds) {
        if (!(armSeconds > 0) || !(baselineSeconds >= 0) || Double.isNaN(baselineSeconds)) {
            return Double.NaN;
        }
        return baselineSeconds / armSeconds;
    }

    /** Difference of two accuracies (fractions) in percentage points: {@code (arm - baseline) * 100}. */
    public static double deltaPoints(double armAccuracy, double baselineAccuracy) {
        return (armAccuracy - baselineAccuracy) * 100;
    }

    /**
     * Where {@code value} would rank among {@code reference} (higher is better): 1 + the number of
     * reference values strictly above it, so 1 means at least as good as every reference value and
     * {@code reference.size() + 1} means worse than all. NaN values in the reference are ignored; a
     * NaN value ranks last.
     */
    public static int rank(double value, List<Double> reference) {
        List<Double> known = reference.stream().filter(v -> v != null && !v.isNaN()).toList();
        if (Double.isNaN(value)) {
            return known.size() + 1;
        }
        return 1 + (int) known.stream().filter(v -> v > value).count();
    }

    /** Preprocessing charged for a group of plans computed together: each stores the whole computation's time, so the max. */
    public static double chargeOnce(List<Double> planSeconds) {
        return planSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
