package dev.milotune.selection;

import java.util.Arrays;

/**
 * A dense, symmetric n x n similarity kernel over the items of one class (or class partition),
 * float32, row-major. Item indices are local: 0 .. n-1 in ascending dataset index.
 *
 * <p>Mutable only through {@link #rescale(KernelSpec)}.
 */
final class DenseKernel {

    final int n;
    /**
     * s_ij at {@code values[i * n + j]}; the matrix is exactly symmetric. The array may be longer
     * than n * n (a buffer reused across classes); entries beyond n * n are not part of it.
     */
    final float[] values;
    private KernelSpec spec;
    private float min;
    private float max;

    DenseKernel(int n, float[] values, KernelSpec spec) {
        if (values.length < (long) n * n) {
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
     * Turns this cosine-derived kernel in place into {@code target}: the shifted cosine
     * (1 + c) / 2 from the cosine, or MILO's disparity kernel (s - min S) / (max S - min S) from
     * either. Min-max scaling ignores any earlier affine transform, so from the shifted cosine it
     * gives exactly (C - min C) / (max C - min C) up to float rounding. This lets one buffer serve
     * as the graph-cut kernel and then as the disparity kernel (MILO.md step 2): a class's kernel
     * is built once and held once.
     */
    void rescale(KernelSpec target) {
        if (target.equals(spec)) {
            return;
        }
        int size = n * n;
        if (target instanceof KernelSpec.ShiftedCosine && spec instanceof KernelSpec.Cosine) {
            for (int k = 0; k < size; k++) {
                values[k] = (float) ((1.0 + values[k]) * 0.5);
            }
        } else if (target instanceof KernelSpec.MinMaxCosine
                && (spec instanceof KernelSpec.Cosine || spec instanceof KernelSpec.ShiftedCosine)) {
            double lo = min;
            double range = (double) max - lo;
            if (range > 0) {
                for (int k = 0; k < size; k++) {
                    values[k] = (float) ((values[k] - lo) / range);
                }
            } else {
                Arrays.fill(values, 0, size, 1f);
            }
        } else {
            throw new IllegalStateException("cannot rescale a " + spec.describe() + " kernel to " + target.describe());
        }
        spec = target;
        scanRange();
    }

    private void scanRange() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        boolean finite = true;
        int size = n * n;
        for (int k = 0; k < size; k++) {
            float v = values[k];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            finite &= v - v == 0; // false for NaN and infinities
        }
        min = finite ? lo : Float.NaN;
        max = finite ? hi : Float.NaN;
    }
}
