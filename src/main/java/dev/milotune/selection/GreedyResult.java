package dev.milotune.selection;

/** Items in pick order (local indices) and the marginal gain of each at its insertion. Internal: arrays are not copied. */
record GreedyResult(int[] picks, double[] gains) {
}
