package dev.milotune.selection;

import java.util.Arrays;

/**
 * Disparity-min (MILO.md step 5; the WRE function): f(X) = min over i != j in X of (1 - s_ij),
 * 0 for |X| <= 1. Neither monotone nor submodular.
 *
 * <p>Memo: nearest[i] = min over y in X of (1 - s_iy) and the current value, so a gain is O(1)
 * and a full greedy order over n items is O(n^2) (submodlib's is O(n^3)).
 */
final class DisparityMinFunction implements SetFunction {

    private final DenseKernel kernel;

    DisparityMinFunction(DenseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int groundSize() {
        return kernel.n;
    }

    @Override
    public double evaluate(int[] subset) {
        if (subset.length <= 1) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < subset.length; a++) {
            for (int b = a + 1; b < subset.length; b++) {
                min = Math.min(min, 1.0 - kernel.get(subset[a], subset[b]));
            }
        }
        return min;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    /**
     * The full greedy order (budget n), exactly what {@link NaiveGreedy} picks with the same
     * gains, but with the nearest-distance update of one pick fused with the argmax of the next:
     * one pass over a kernel row per pick instead of three. This is the WRE order of MILO.md
     * step 5: first the lowest index (all gains are 0), then O(n) per pick.
     */
    GreedyResult fullOrder() {
        if (!kernel.finite()) {
            throw new IllegalArgumentException("the disparity kernel has non-finite entries");
        }
        int n = kernel.n;
        float[] s = kernel.values;
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] selected = new boolean[n];
        int[] picks = new int[n];
        double[] gains = new double[n];
        double value = Double.POSITIVE_INFINITY;
        int pick = 0; // every gain of the empty set is 0: the lowest index wins
        double pickGain = 0;
        for (int step = 0; step < n; step++) {
            picks[step] = pick;
            gains[step] = pickGain;
            selected[pick] = true;
            if (step >= 1) {
                value = Math.min(value, nearest[pick]);
            }
            int row = pick * n;
            boolean single = step == 0; // after this pick |X| = step + 1
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double d = 1.0 - s[row + i];
                double near = d < nearest[i] ? d : nearest[i];
                nearest[i] = near;
                if (!selected[i]) {
                    double g = single ? near : (near < value ? near : value) - value;
                    if (g > bestGain) {
                        bestGain = g;
                        best = i;
                    }
                }
            }
            pick = best;
            pickGain = bestGain;
        }
        return new GreedyResult(picks, gains);
    }

    @Override
    public boolean monotone() {
        return false;
    }

    @Override
    public boolean submodular() {
        return false;
    }

    @Override
    public String describe() {
        return "disparity-min";
    }

    private final class Memo implements State {
        private final double[] nearest = new double[kernel.n];
        /** min pairwise disparity of X; meaningful once |X| >= 2. */
        private double value = Double.POSITIVE_INFINITY;
        private int size;

        Memo() {
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        }

        @Override
        public double gain(int item) {
            if (size == 0) {
                return 0;
            }
            if (size == 1) {
                return nearest[item];
            }
            return Math.min(value, nearest[item]) - value;
        }

        @Override
        public void gainsInto(double[] out) {
            if (size == 0) {
                Arrays.fill(out, 0.0);
            } else if (size == 1) {
                System.arraycopy(nearest, 0, out, 0, out.length);
            } else {
                for (int i = 0; i < out.length; i++) {
                    double d = nearest[i];
                    out[i] = (d < value ? d : value) - value;
                }
            }
        }

        @Override
        public void add(int item) {
            if (size >= 1) {
                value = Math.min(value, nearest[item]);
            }
            int n = kernel.n;
            float[] s = kernel.values;
            int row = item * n;
            for (int i = 0; i < n; i++) {
                double d = 1.0 - s[row + i];
                nearest[i] = d < nearest[i] ? d : nearest[i]; // kernels are finite: no NaN to propagate
            }
            size++;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
