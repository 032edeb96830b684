package dev.milotune.selection;

import java.util.Arrays;

/**
 * Log-determinant: f(X) = log det(S_X + delta I), 0 for the empty set, with regularisation
 * delta > 0. Submodular on a positive semi-definite kernel; then also monotone when delta >= 1,
 * because every conditional variance is at least delta.
 *
 * <p>Memo: an incremental Cholesky factor (the fast greedy MAP inference of Chen, Zhang, Zhou,
 * NeurIPS 2018). For every item i it keeps the row c_i of the factor and the conditional
 * variance d_i^2 = s_ii + delta - ‖c_i‖², so gain(x) = log d_x^2 is O(1) and adding an item is
 * O(n |X|). A variance that is not positive (a kernel that is not PSD) shows up as a NaN or
 * infinite gain, which the optimizers report with the item.
 */
final class LogDeterminantFunction implements SetFunction {

    private final DenseKernel kernel;
    private final double delta;

    LogDeterminantFunction(DenseKernel kernel, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("log-determinant regularization is " + delta + ", but must be a finite number > 0");
        }
        this.kernel = kernel;
        this.delta = delta;
    }

    @Override
    public int groundSize() {
        return kernel.n;
    }

    /** log det by a plain Cholesky factorisation of S_X + delta I, in double. */
    @Override
    public double evaluate(int[] subset) {
        int k = subset.length;
        double[] l = new double[k * k];
        double logDet = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = kernel.get(subset[i], subset[j]) + (i == j ? delta : 0);
                for (int p = 0; p < j; p++) {
                    sum -= l[i * k + p] * l[j * k + p];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new ArithmeticException("S_X + delta I is not positive definite at item " + subset[i]);
                    }
                    l[i * k + i] = Math.sqrt(sum);
                    logDet += Math.log(sum);
                } else {
                    l[i * k + j] = sum / l[j * k + j];
                }
            }
        }
        return logDet;
    }

    @Override
    public State newState() {
        return new Memo();
    }

    @Override
    public boolean monotone() {
        return kernel.positiveSemidefinite() && delta >= 1;
    }

    @Override
    public boolean submodular() {
        return kernel.positiveSemidefinite();
    }

    @Override
    public String describe() {
        return "log-determinant(regularization=" + delta + ")";
    }

    private final class Memo implements State {
        private final double[] variance = new double[kernel.n];
        /** Factor rows: item i's coefficients at [i * capacity, i * capacity + size). */
        private double[] factor = new double[0];
        private int capacity;
        private int size;

        Memo() {
            for (int i = 0; i < kernel.n; i++) {
                variance[i] = kernel.get(i, i) + delta;
            }
        }

        @Override
        public double gain(int item) {
            return Math.log(variance[item]);
        }

        @Override
        public void add(int item) {
            int n = kernel.n;
            if (size == capacity) {
                grow();
            }
            double pivot = Math.sqrt(variance[item]);
            float[] s = kernel.values;
            int row = item * n;
            int yOff = item * capacity;
            for (int i = 0; i < n; i++) {
                int iOff = i * capacity;
                double dot = 0;
                for (int p = 0; p < size; p++) {
                    dot += factor[iOff + p] * factor[yOff + p];
                }
                double e = (s[row + i] + (i == item ? delta : 0) - dot) / pivot;
                factor[iOff + size] = e;
                variance[i] -= e * e;
            }
            size++;
        }

        private void grow() {
            int n = kernel.n;
            int next = Math.min(n, Math.max(8, capacity * 2));
            if ((long) n * next > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("log-determinant memo for " + n + " items and " + next + " picks exceeds one array; use a smaller class partition or budget");
            }
            double[] wider = new double[n * next];
            for (int i = 0; i < n; i++) {
                System.arraycopy(factor, i * capacity, wider, i * next, size);
            }
            factor = wider;
            capacity = next;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
