package dev.milotune.selection;

import java.util.List;
import java.util.SplittableRandom;

/**
 * WRE (MILO.md step 5): importance weights from greedy-order gains, and per-class sampling
 * without replacement in proportion to them.
 *
 * <p>Weights: over all items g <- g - min(g), clamp at 1e-10, w = taylor(g / T) with
 * taylor(x) = 1 + x + x^2 / 2, p = w / sum(w). Each probability belongs to the item whose gain
 * it came from (the reference indexes them by gain rank instead: a defect not copied).
 */
final class WeightedRandomExploration {

    static final double GAIN_FLOOR = 1e-10;

    private WeightedRandomExploration() {
    }

    /** p_i for every dataset item 0 .. numItems-1; every item must appear in exactly one order. */
    static double[] probabilities(int numItems, List<GreedyOrder> orders, double temperature) {
        double min = Double.POSITIVE_INFINITY;
        for (GreedyOrder order : orders) {
            for (int k = 0; k < order.size(); k++) {
                min = Math.min(min, order.gain(k));
            }
        }
        double[] weights = new double[numItems];
        boolean[] seen = new boolean[numItems];
        double sum = 0;
        for (GreedyOrder order : orders) {
            for (int k = 0; k < order.size(); k++) {
                int item = order.index(k);
                if (item < 0 || item >= numItems || seen[item]) {
                    throw new IllegalArgumentException("item " + item + " appears twice or is outside 0.." + (numItems - 1) + " in the WRE orders");
                }
                seen[item] = true;
                double x = Math.max(order.gain(k) - min, GAIN_FLOOR) / temperature;
                double w = 1 + x + x * x / 2;
                weights[item] = w;
                sum += w;
            }
        }
        for (int i = 0; i < numItems; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException("item " + i + " is in no WRE order");
            }
            weights[i] /= sum;
        }
        return weights;
    }

    /**
     * Draws {@code budget} of {@code items} without replacement with probability proportional to
     * p (Efraimidis and Spirakis 2006): key = ln(u) / p_i, keep the largest keys, ties to the
     * lower dataset index. One uniform per item, drawn in the order of {@code items}.
     */
    static int[] draw(double[] probabilities, int[] items, int budget, SplittableRandom random) {
        double[] keys = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            double u = 1.0 - random.nextDouble(); // in (0, 1]: ln(u) is finite
            keys[i] = Math.log(u) / probabilities[items[i]];
        }
        return largestKeys(keys, items, budget);
    }

    /** The items of the k largest keys (ties to the lower item), by a size-k min-heap. */
    static int[] largestKeys(double[] keys, int[] items, int k) {
        int[] heap = new int[k]; // positions into keys/items; root = weakest kept
        int size = 0;
        for (int i = 0; i < keys.length; i++) {
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, keys, items);
            } else if (k > 0 && stronger(i, heap[0], keys, items)) {
                heap[0] = i;
                siftDown(heap, size, keys, items);
            }
        }
        int[] chosen = new int[size];
        for (int j = 0; j < size; j++) {
            chosen[j] = items[heap[j]];
        }
        return chosen;
    }

    private static boolean stronger(int a, int b, double[] keys, int[] items) {
        return keys[a] > keys[b] || (keys[a] == keys[b] && items[a] < items[b]);
    }

    private static void siftUp(int[] heap, int at, double[] keys, int[] items) {
        int node = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!stronger(heap[parent], node, keys, items)) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = node;
    }

    private static void siftDown(int[] heap, int size, double[] keys, int[] items) {
        int node = heap[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && stronger(heap[child], heap[child + 1], keys, items)) {
                child++;
            }
            if (!stronger(node, heap[child], keys, items)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = node;
    }
}
