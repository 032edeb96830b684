package dev.milotune.selection;

/**
 * Graph cut on the shifted-cosine kernel S = (1 + Ê Êᵀ) / 2, evaluated through the factor Ê
 * (the L2-normalised rows) instead of the n x n kernel. The same function as
 * {@link GraphCutFunction} on that kernel, up to float rounding:
 * simX[x] = sum_{y in X} s_xy = (|X| + ê_x · m_X) / 2 with m_X = sum_{y in X} ê_y, and
 * colSum[x] = (n + ê_x · u) / 2 with u = sum_j ê_j.
 *
 * <p>A gain costs O(d) and adding an item O(d), against O(1) and O(n) for the dense memo. With
 * stochastic greedy, which evaluates R = (n/k) ln(1/epsilon) items per pick, this is cheaper
 * whenever R d < n, and it reads a few MB of rows instead of streaming kernel rows from memory.
 * {@link StochasticGreedyExploration} picks the cheaper form per class.
 */
final class FactoredGraphCutFunction implements SetFunction {

    private final float[] rows;
    private final int n;
    private final int d;
    private final double lambda;
    private final double[] columnSums;
    private final double[] selfSimilarity;

    /** @param unitRows n x d row-major, each row of unit L2 norm */
    FactoredGraphCutFunction(float[] unitRows, int n, int d, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("graph-cut lambda is " + lambda + ", but must be a finite number >= 0");
        }
        this.rows = unitRows;
        this.n = n;
        this.d = d;
        this.lambda = lambda;
        double[] total = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                total[k] += rows[i * d + k];
            }
        }
        columnSums = new double[n];
        selfSimilarity = new double[n];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double norm = 0;
            for (int k = 0; k < d; k++) {
                double v = rows[i * d + k];
                dot += v * total[k];
                norm += v * v;
            }
            columnSums[i] = (n + dot) / 2;
            selfSimilarity[i] = (1 + norm) / 2;
        }
    }

    @Override
    public int groundSize() {
        return n;
    }

    @Override
    public double evaluate(int[] subset) {
        double coverage = 0;
        double redundancy = 0;
        for (int i : subset) {
            coverage += columnSums[i];
            for (int j : subset) {
                redundancy += similarity(i, j);
            }
        }
        return coverage - lambda * redundancy;
    }

    private double similarity(int i, int j) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += (double) rows[i * d + k] * rows[j * d + k];
        }
        return (1 + dot) / 2;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    /** The shifted-cosine kernel is in [0, 1]. */
    @Override
    public boolean monotone() {
        return lambda <= 0.5;
    }

    @Override
    public boolean submodular() {
        return true;
    }

    @Override
    public String describe() {
        return "graph-cut(lambda=" + lambda + ")";
    }

    private final class Memo implements State {
        private final double[] sum = new double[d];
        /** {@link #sum} rounded to float, for the dot products. */
        private final float[] sumF = new float[d];
        private int size;

        @Override
        public double gain(int item) {
            int off = item * d;
            // Eight independent accumulators: the JIT does not vectorise a float reduction, but it
            // can overlap independent chains.
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            float a4 = 0;
            float a5 = 0;
            float a6 = 0;
            float a7 = 0;
            int k = 0;
            for (; k + 8 <= d; k += 8) {
                a0 += rows[off + k] * sumF[k];
                a1 += rows[off + k + 1] * sumF[k + 1];
                a2 += rows[off + k + 2] * sumF[k + 2];
                a3 += rows[off + k + 3] * sumF[k + 3];
                a4 += rows[off + k + 4] * sumF[k + 4];
                a5 += rows[off + k + 5] * sumF[k + 5];
                a6 += rows[off + k + 6] * sumF[k + 6];
                a7 += rows[off + k + 7] * sumF[k + 7];
            }
            double dot = ((double) a0 + a1) + ((double) a2 + a3) + ((double) a4 + a5) + ((double) a6 + a7);
            for (; k < d; k++) {
                dot += rows[off + k] * sumF[k];
            }
            // 2 simX[x] = |X| + ê_x · m_X
            return columnSums[item] - lambda * (size + dot + selfSimilarity[item]);
        }

        @Override
        public void add(int item) {
            int off = item * d;
            for (int k = 0; k < d; k++) {
                sum[k] += rows[off + k];
                sumF[k] = (float) sum[k];
            }
            size++;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
