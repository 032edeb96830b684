package dev.milotune.selection;

import dev.milotune.study.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The items one kernel is built over: a whole class, or one seeded random partition of a class
 * larger than the partition size (so dense-kernel memory stays O(sum of partition^2)). Local
 * index i is {@code items[i]}; items are ascending, so "lowest local index" ties are "lowest
 * dataset index" ties.
 *
 * @param classIndex position of the class in the ascending list of labels
 */
record GroundSet(int classIndex, int label, int partition, int partitions, int[] items) {

    int size() {
        return items.length;
    }

    /**
     * Splits every class above {@code partitionSize} into ceil(n_c / partitionSize) partitions of
     * near-equal size (differing by at most one), drawn by a seeded shuffle per class.
     */
    static List<GroundSet> partition(LabelledEmbeddings input, int partitionSize, long seed) {
        List<GroundSet> sets = new ArrayList<>();
        for (int c = 0; c < input.classes().length; c++) {
            int[] members = input.members()[c];
            int label = input.classes()[c];
            if (members.length <= partitionSize) {
                sets.add(new GroundSet(c, label, 0, 1, members));
                continue;
            }
            int parts = (members.length + partitionSize - 1) / partitionSize;
            int[] shuffled = members.clone();
            SplittableRandom random = Seeds.stream(seed, Seeds.Stream.PARTITION, label);
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            int base = members.length / parts;
            int extra = members.length % parts;
            int from = 0;
            for (int p = 0; p < parts; p++) {
                int to = from + base + (p < extra ? 1 : 0);
                int[] items = Arrays.copyOfRange(shuffled, from, to);
                Arrays.sort(items);
                sets.add(new GroundSet(c, label, p, parts, items));
                from = to;
            }
        }
        return sets;
    }

    /** Budgets of each ground set for per-class budgets: the class budget, split in proportion over its partitions. */
    static int[] budgets(List<GroundSet> sets, int[] classBudgets) {
        int[] out = new int[sets.size()];
        int g = 0;
        while (g < sets.size()) {
            GroundSet first = sets.get(g);
            int[] sizes = new int[first.partitions()];
            for (int p = 0; p < sizes.length; p++) {
                sizes[p] = sets.get(g + p).size();
            }
            int[] shares = Budgets.proportional(classBudgets[first.classIndex()], sizes);
            System.arraycopy(shares, 0, out, g, shares.length);
            g += sizes.length;
        }
        return out;
    }
}
