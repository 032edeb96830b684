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
    /** min and max of the cosine matrix this kernel was derived from; NaN if unknown. */
    private double cosineMin = Double.NaN;
    private double cosineMax = Double.NaN;

    DenseKernel(int n, float[] values, KernelSpec spec) {
        if (values.length < (long) n * n) {
            throw new IllegalArgumentException("kernel of " + n + " items needs " + (long) n * n + " values, got " + values.length);
        }
        this.n = n;
        this.values = values;
        this.spec = spec;
        scanRange();
        if (spec instanceof KernelSpec.Cosine) {
            cosineMin = min;
            cosineMax = max;
        }
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
     * (1 + c) / 2 or MILO's disparity kernel (c - min C) / (max C - min C), from the cosine or from
     * each other. Each value is recomputed from the cosine it stands for, so a plan's kernels do
     * not depend on the order of rescalings beyond float rounding of that one step. This lets one
     * buffer serve as the disparity kernel and then as the graph-cut kernel (MILO.md step 2): a
     * class's kernel is built once and held once.
     */
    void rescale(KernelSpec target) {
        if (target.equals(spec)) {
            return;
        }
        boolean fromCosine = spec instanceof KernelSpec.Cosine;
        boolean fromShifted = spec instanceof KernelSpec.ShiftedCosine;
        boolean fromMinMax = spec instanceof KernelSpec.MinMaxCosine;
        if (!(fromCosine || fromShifted || fromMinMax) || Double.isNaN(cosineMin)
                || !(target instanceof KernelSpec.ShiftedCosine || target instanceof KernelSpec.MinMaxCosine)) {
            throw new IllegalStateException("cannot rescale a " + spec.describe() + " kernel to " + target.describe());
        }
        // Current values are v = scale * c + shift; the target is t = a * c + b, so t = (a / scale) * v + (b - a * shift / scale).
        double range = cosineMax - cosineMin;
        double scale = fromCosine ? 1 : fromShifted ? 0.5 : (range > 0 ? 1 / range : 0);
        double shift = fromCosine ? 0 : fromShifted ? 0.5 : (range > 0 ? -cosineMin / range : 1);
        boolean toShifted = target instanceof KernelSpec.ShiftedCosine;
        double a = toShifted ? 0.5 : (range > 0 ? 1 / range : 0);
        double b = toShifted ? 0.5 : (range > 0 ? -cosineMin / range : 1);
        int size = n * n;
        if (scale == 0 || a == 0) {
            // A constant cosine matrix (identical items): every target value is the constant's image.
            Arrays.fill(values, 0, size, (float) (toShifted ? (1 + cosineMin) / 2 : 1));
            spec = target;
            scanRange();
            return;
        }
        double multiplier = a / scale;
        double offset = b - a * shift / scale;
        for (int k = 0; k < size; k++) {
            values[k] = (float) (multiplier * values[k] + offset);
        }
        // The map is increasing and float rounding is monotone, so the extremes map to the extremes.
        min = (float) (multiplier * min + offset);
        max = (float) (multiplier * max + offset);
        spec = target;
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
