package dev.milotune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

    /**
     * How much worse {@code chosen} is than the best of {@code reference}, in units of the best's lead
     * over the median: {@code (best - chosen) / (best - median)} (higher values are better). 0 = as good
     * as the best, 1 = no better than the median; NaN without a reference or when best equals median.
     */
    public static double normalisedRegret(double chosen, List<Double> reference) {
        double[] known = reference.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).sorted().toArray();
        if (known.length == 0 || !Double.isFinite(chosen)) {
            return Double.NaN;
        }
        double best = known[known.length - 1];
        int n = known.length;
        double median = n % 2 == 1 ? known[n / 2] : (known[n / 2 - 1] + known[n / 2]) / 2;
        return best > median ? (best - chosen) / (best - median) : Double.NaN;
    }

    /** Preprocessing charged for a group of plans computed together: each stores the whole computation's time, so the max. */
    public static double chargeOnce(List<Double> planSeconds) {
        return planSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /**
     * The order in which one seed's arms run: a Fisher-Yates shuffle of {@code ids} drawn from a
     * {@link SplittableRandom} seeded with the study seed itself, so that no arm always runs first
     * (when the machine is freshest) and the order can be drawn again from the seed.
     */
    public static List<String> armOrder(List<String> ids, long seed) {
        List<String> order = new ArrayList<>(ids);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }

    /**
     * Whether a user of this arm still needs a final retrain: not when the chosen trial already
     * trained all {@code epochs} (R) on full data (a full-data arm over epochs whose choice reached
     * the top rung), else once.
     */
    public static boolean needsRetrain(Arm arm, int chosenEpochs, int epochs) {
        boolean fullData = arm.strategy().equals("full") && arm.fidelity().equals("epochs");
        return !(fullData && chosenEpochs >= epochs);
    }

    /** Tuning wall plus one retrain's wall when the arm needs one. */
    public static double endToEndWall(double tuningWallSeconds, double oneRetrainSeconds, boolean retrainNeeded) {
        return retrainNeeded ? tuningWallSeconds + oneRetrainSeconds : tuningWallSeconds;
    }

    /**
     * Per-seed ratios {@code baseline / arm} of the seeds both sides have, in the arm's seed order:
     * the pairs a speedup's interval is computed from.
     */
    public static List<Double> pairedSpeedups(java.util.Map<Long, Double> baseline, java.util.Map<Long, Double> arm) {
        List<Double> out = new ArrayList<>();
        arm.forEach((seed, seconds) -> {
            Double base = baseline.get(seed);
            if (base != null) {
                out.add(speedup(base, seconds));
            }
        });
        return out;
    }
}
