package dev.milotune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded stratified hold-out: from every class, a shuffled {@code round(n_c * fraction)} of its
 * items is held out. Both parts come back in ascending index order, so a split depends only on
 * (labels, fraction, seed) and not on how the caller iterates.
 */
final class StratifiedSplitter {

    /** Indices held out and indices kept, each ascending, disjoint, together all of {@code 0..n-1}. */
    record Cut(int[] heldOut, int[] kept) {
    }

    private StratifiedSplitter() {
    }

    static Cut cut(int[] labels, int numClasses, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] held = new boolean[labels.length];
        int heldCount = 0;
        for (List<Integer> members : byClass) {
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            int take = (int) Math.round(shuffled.length * fraction);
            for (int i = 0; i < take; i++) {
                held[shuffled[i]] = true;
            }
            heldCount += take;
        }
        int[] heldOut = new int[heldCount];
        int[] kept = new int[labels.length - heldCount];
        int h = 0;
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (held[i]) {
                heldOut[h++] = i;
            } else {
                kept[k++] = i;
            }
        }
        return new Cut(heldOut, kept);
    }

    /** A seeded permutation of {@code 0..n-1} (Fisher-Yates). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
