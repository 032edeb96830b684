package dev.milotune.selection;

import org.bytedeco.javacpp.Pointer;

/**
 * Samples the resident set size of the process (JavaCPP reads it from the OS), so a plan can
 * record its observed peak next to the estimate of the memory formula.
 */
final class MemoryProbe {

    private long peak;

    void sample() {
        peak = Math.max(peak, Pointer.physicalBytes());
    }

    long peak() {
        return peak;
    }

    /**
     * Bytes of live data at the peak of a plan computation, excluding the JVM and ND4J's own
     * baseline (docs/selection.md, "Memory"). n: the largest ground set; budgets: the sum over
     * the ladder's fractions of each total class budget.
     */
    static long estimate(int numItems, int dimension, int largestGroundSet, int subsets, long budgets, int threads) {
        long n = largestGroundSet;
        long input = 4L * numItems * dimension;
        long classRows = 3 * 4L * n * dimension; // gathered, normalised (heap) and the native copy
        long kernel = 4L * n * n;
        long strip = Math.min(KernelBuilder.STRIP_BYTES, 4L * n * n);
        long perThread = threads * (8L * n + 4L * n);
        long subsetsBytes = 2 * 4L * subsets * budgets; // per-ground-set picks and assembled subsets
        long orders = (4L + 8L + 8L) * numItems;
        return input + classRows + kernel + strip + 8L * n + perThread + subsetsBytes + orders;
    }
}
