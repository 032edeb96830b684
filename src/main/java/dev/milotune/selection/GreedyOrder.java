package dev.milotune.selection;

import java.util.Arrays;

/**
 * The greedy order of one class (or one partition of a large class): dataset indices in pick
 * order and the marginal gain of each at its insertion. In a plan it is the WRE order, and
 * {@code budget} is this ground set's share of its class budget (MILO-fixed takes the first
 * {@code budget} items); in a single greedy run it is the selection itself.
 *
 * @param label the class label
 * @param partition 0 unless the class was split into partitions
 */
public record GreedyOrder(int label, int partition, int budget, int[] indices, double[] gains) {

    public GreedyOrder {
        if (indices.length != gains.length) {
            throw new IllegalArgumentException("order has " + indices.length + " indices but " + gains.length + " gains");
        }
        if (budget < 0 || budget > indices.length) {
            throw new IllegalArgumentException("budget " + budget + " is outside 0.." + indices.length + " for class " + label);
        }
        indices = indices.clone();
        gains = gains.clone();
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public double[] gains() {
        return gains.clone();
    }

    public int size() {
        return indices.length;
    }

    int index(int position) {
        return indices[position];
    }

    double gain(int position) {
        return gains[position];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GreedyOrder o && label == o.label && partition == o.partition && budget == o.budget
                && Arrays.equals(indices, o.indices) && Arrays.equals(gains, o.gains);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * label + partition) + budget) + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "GreedyOrder[label=" + label + ", partition=" + partition + ", budget=" + budget + ", size=" + indices.length + "]";
    }
}
