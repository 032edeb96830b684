package dev.milotune.selection;

import java.util.Arrays;

/**
 * A dense, symmetric n x n similarity kernel over the items of one class (or class partition),
 * float32, row-major. Item indices are local: 0 .. n-1 in ascending dataset index.
 *
 * <p>Mutable only through {@link #rescaleToMinMax()}, which lets one buffer serve first as the
 * graph-cut kernel and then as the disparity kernel (MILO.md step 2), so a class's kernel is
 * built once and its memory is held once.
 */
final class DenseKernel {

    final int n;
    /** s_ij at {@code values[i * n + j]}; the matrix is exactly symmetric. */
    final float[] values;
    private KernelSpec spec;
    private float min;
    private float max;

    DenseKernel(int n, float[] values, KernelSpec spec) {
        if (values.length != (long) n * n) {
            throw new IllegalArgumentException("kernel of " + n + " items needs " + (long) n * n + " values, got " + values.length);
        }
        this.n = n;
        this.values = values;
        this.spec = spec;
        scanRange();
    }

    float get(int i, int j) {
        return values[i * n + j];
    }

    KernelSpec spec() {
        return spec;
    }

    /** No NaN or infinite entry. */
    boolean finite() {
        return Float.isFinite(min) && Float.isFinite(max);
    }

    /** Every s_ij >= 0: graph cut is then submodular, and monotone for lambda <= 1/2. */
    boolean nonNegative() {
        return min >= 0f;
    }

    /** Every s_ij <= 1: the disparities 1 - s_ij are then non-negative. */
    boolean atMostOne() {
        return max <= 1f;
    }

    boolean positiveSemidefinite() {
        return spec.positiveSemidefinite();
    }

    /**
     * Rescales the kernel in place to (s - min S) / (max S - min S). Min-max scaling ignores any
     * earlier affine transform, so applied to the shifted-cosine kernel it yields MILO's disparity
     * kernel (C - min C) / (max C - min C).
     */
    void rescaleToMinMax() {
        if (!(spec instanceof KernelSpec.Cosine || spec instanceof KernelSpec.ShiftedCosine || spec instanceof KernelSpec.MinMaxCosine)) {
            throw new IllegalStateException("min-max rescaling is defined on cosine kernels, not on " + spec.describe());
        }
        double lo = min;
        double range = (double) max - lo;
        if (range > 0) {
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) ((values[k] - lo) / range);
            }
        } else {
            Arrays.fill(values, 1f);
        }
        spec = new KernelSpec.MinMaxCosine();
        scanRange();
    }

    private void scanRange() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        min = lo;
        max = hi;
    }
}
