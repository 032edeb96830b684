package dev.milotune.selection;

/**
 * Graph cut (MILO.md step 4; the SGE function):
 * f(X) = sum_{i in X} sum_{j in V} s_ij - lambda sum_{i in X} sum_{j in X} s_ij.
 *
 * <p>Memo (submodlib's): the column sums of S once per kernel, shared by every state, and
 * simX[i] = sum_{y in X} s_iy per state, so gain(x | X) = colSum[x] - lambda (2 simX[x] + s_xx)
 * is O(1) and adding an item is one O(n) row pass. Paper symbol: lambda (MILO uses 0.4).
 */
final class GraphCutFunction implements SetFunction {

    private final DenseKernel kernel;
    private final double lambda;
    private final double[] columnSums;
    /** s_xx, copied out of the kernel: a gain must not miss the cache on a diagonal element. */
    private final double[] diagonal;

    GraphCutFunction(DenseKernel kernel, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("graph-cut lambda is " + lambda + ", but must be a finite number >= 0");
        }
        this.kernel = kernel;
        this.lambda = lambda;
        int n = kernel.n;
        float[] s = kernel.values;
        columnSums = new double[n];
        diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = s[i * n + i];
            int row = i * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += s[row + j];
            }
            columnSums[i] = sum;
        }
    }

    @Override
    public int groundSize() {
        return kernel.n;
    }

    @Override
    public double evaluate(int[] subset) {
        double coverage = 0;
        double redundancy = 0;
        for (int i : subset) {
            for (int j = 0; j < kernel.n; j++) {
                coverage += kernel.get(i, j);
            }
            for (int j : subset) {
                redundancy += kernel.get(i, j);
            }
        }
        return coverage - lambda * redundancy;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    /** With s >= 0: the gain is at least (1 - 2 lambda) simX[x] + (1 - lambda) s_xx >= 0. */
    @Override
    public boolean monotone() {
        return kernel.nonNegative() && lambda <= 0.5;
    }

    @Override
    public boolean submodular() {
        return kernel.nonNegative();
    }

    @Override
    public String describe() {
        return "graph-cut(lambda=" + lambda + ")";
    }

    private final class Memo implements State {
        private final double[] similarityToSet = new double[kernel.n];
        private int size;

        @Override
        public double gain(int item) {
            return columnSums[item] - lambda * (2 * similarityToSet[item] + diagonal[item]);
        }

        @Override
        public void gainsInto(double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = columnSums[i] - lambda * (2 * similarityToSet[i] + diagonal[i]);
            }
        }

        @Override
        public void add(int item) {
            int n = kernel.n;
            float[] s = kernel.values;
            int row = item * n;
            for (int i = 0; i < n; i++) {
                similarityToSet[i] += s[row + i];
            }
            size++;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
