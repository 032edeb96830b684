package dev.milotune.selection;

/**
 * Disparity-sum: f(X) = sum over pairs i < j in X of (1 - s_ij). Monotone when every s_ij <= 1;
 * supermodular, not submodular (its gains grow with X). Memo: the summed disparity of every item
 * to X, so a gain is O(1).
 */
final class DisparitySumFunction implements SetFunction {

    private final DenseKernel kernel;

    DisparitySumFunction(DenseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int groundSize() {
        return kernel.n;
    }

    @Override
    public double evaluate(int[] subset) {
        double sum = 0;
        for (int a = 0; a < subset.length; a++) {
            for (int b = a + 1; b < subset.length; b++) {
                sum += 1.0 - kernel.get(subset[a], subset[b]);
            }
        }
        return sum;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    @Override
    public boolean monotone() {
        return kernel.atMostOne();
    }

    @Override
    public boolean submodular() {
        return false;
    }

    @Override
    public String describe() {
        return "disparity-sum";
    }

    private final class Memo implements State {
        private final double[] disparityToSet = new double[kernel.n];
        private int size;

        @Override
        public double gain(int item) {
            return disparityToSet[item];
        }

        @Override
        public void gainsInto(double[] out) {
            System.arraycopy(disparityToSet, 0, out, 0, out.length);
        }

        @Override
        public void add(int item) {
            int n = kernel.n;
            float[] s = kernel.values;
            int row = item * n;
            for (int i = 0; i < n; i++) {
                disparityToSet[i] += 1.0 - s[row + i];
            }
            size++;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
