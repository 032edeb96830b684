package dev.milotune.data;

import java.util.List;
import java.util.Objects;

/**
 * One split of a dataset: its items and their integer labels (indices into the dataset's class
 * names). The labels array is shared, not copied; do not write into it.
 */
public record Split(SplitRole role, Items items, int[] labels) {

    public Split {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(labels, "labels");
        if (items.size() != labels.length) {
            throw new IllegalArgumentException("split " + role + " has " + items.size() + " items but "
                    + labels.length + " labels; they must be equal");
        }
    }

    public int size() {
        return labels.length;
    }

    /** The feature rows of an IMAGE or TABULAR split. */
    public float[][] features() {
        if (items instanceof Items.Features features) {
            return features.rows();
        }
        throw new IllegalStateException("split " + role + " holds texts, not feature rows");
    }

    /** The shape of one feature row, e.g. [1, 28, 28]. */
    public int[] shape() {
        if (items instanceof Items.Features features) {
            return features.shape();
        }
        throw new IllegalStateException("split " + role + " holds texts, which have no shape");
    }

    /** The texts of a TEXT split. */
    public List<String> texts() {
        if (items instanceof Items.Texts texts) {
            return texts.texts();
        }
        throw new IllegalStateException("split " + role + " holds feature rows, not texts");
    }

    /** The items at the given positions with their labels, e.g. a subset chosen by a plan. */
    public Split select(int[] indices) {
        int[] selected = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            selected[i] = labels[indices[i]];
        }
        return new Split(role, items.select(indices), selected);
    }

    /** How many items of each class this split holds. */
    public int[] classCounts(int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
