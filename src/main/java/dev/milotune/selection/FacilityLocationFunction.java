package dev.milotune.selection;

/**
 * Facility location: f(X) = sum over i in V of max(0, max over j in X of s_ij), 0 for the empty
 * set. The floor at 0 keeps f(empty) = 0 and the function monotone submodular on any kernel; on
 * MILO's [0, 1] kernel it is the textbook form. Memo: the best similarity of every item to X.
 */
final class FacilityLocationFunction implements SetFunction {

    private final DenseKernel kernel;

    FacilityLocationFunction(DenseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int groundSize() {
        return kernel.n;
    }

    @Override
    public double evaluate(int[] subset) {
        if (subset.length == 0) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < kernel.n; i++) {
            double best = 0;
            for (int j : subset) {
                best = Math.max(best, kernel.get(i, j));
            }
            total += best;
        }
        return total;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    @Override
    public boolean monotone() {
        return true;
    }

    @Override
    public boolean submodular() {
        return true;
    }

    @Override
    public String describe() {
        return "facility-location";
    }

    private final class Memo implements State {
        private final double[] bestSimilarity = new double[kernel.n];
        private int size;

        @Override
        public double gain(int item) {
            int n = kernel.n;
            float[] s = kernel.values;
            int row = item * n;
            double gain = 0;
            for (int i = 0; i < n; i++) {
                // Math.max propagates NaN, so a broken kernel surfaces as a non-finite gain.
                gain += Math.max(0.0, s[row + i] - bestSimilarity[i]);
            }
            return gain;
        }

        @Override
        public void add(int item) {
            int n = kernel.n;
            float[] s = kernel.values;
            int row = item * n;
            for (int i = 0; i < n; i++) {
                bestSimilarity[i] = Math.max(bestSimilarity[i], s[row + i]);
            }
            size++;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
