package dev.milotune.selection;

import java.util.SplittableRandom;

/**
 * Lazy greedy (Minoux 1978). For a submodular function a gain computed at an earlier step is an
 * upper bound of the current one, so only the queue's top is re-evaluated until a fresh gain
 * beats every bound. The queue orders by (bound descending, index ascending), and a fresh gain
 * that ties the next bound wins only with the lower index: the picks equal naive greedy's.
 */
final class LazyGreedy implements Optimizer {

    @Override
    public GreedyResult maximize(SetFunction function, int budget, SplittableRandom random) {
        Optimizer.checkBudget(function, budget);
        if (!function.submodular()) {
            throw new IllegalArgumentException("lazy greedy needs a submodular function; " + function.describe()
                    + " is not submodular on this kernel (use naive-greedy or stochastic-greedy)");
        }
        int n = function.groundSize();
        SetFunction.State state = function.newState();
        BoundQueue queue = new BoundQueue(n);
        int[] evaluatedAt = new int[n];
        for (int x = 0; x < n; x++) {
            queue.push(x, Optimizer.checked(function, x, 0, state.gain(x)));
        }
        int[] picks = new int[budget];
        double[] gains = new double[budget];
        for (int step = 0; step < budget; step++) {
            while (true) {
                int x = queue.topItem();
                double bound = queue.topBound();
                queue.pop();
                if (evaluatedAt[x] == step) {
                    picks[step] = x;
                    gains[step] = bound;
                    break;
                }
                double g = Optimizer.checked(function, x, step, state.gain(x));
                evaluatedAt[x] = step;
                if (queue.isEmpty() || g > queue.topBound() || (g == queue.topBound() && x < queue.topItem())) {
                    picks[step] = x;
                    gains[step] = g;
                    break;
                }
                queue.push(x, g);
            }
            state.add(picks[step]);
        }
        return new GreedyResult(picks, gains);
    }

    /** A binary max-heap of (bound, item) on primitive arrays, ordered by bound desc, item asc. */
    private static final class BoundQueue {
        private final double[] bounds;
        private final int[] items;
        private int size;

        BoundQueue(int capacity) {
            bounds = new double[capacity];
            items = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int topItem() {
            return items[0];
        }

        double topBound() {
            return bounds[0];
        }

        void push(int item, double bound) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(bound, item, bounds[parent], items[parent])) {
                    break;
                }
                bounds[i] = bounds[parent];
                items[i] = items[parent];
                i = parent;
            }
            bounds[i] = bound;
            items[i] = item;
        }

        void pop() {
            size--;
            if (size == 0) {
                return;
            }
            double bound = bounds[size];
            int item = items[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(bounds[child + 1], items[child + 1], bounds[child], items[child])) {
                    child++;
                }
                if (!before(bounds[child], items[child], bound, item)) {
                    break;
                }
                bounds[i] = bounds[child];
                items[i] = items[child];
                i = child;
            }
            bounds[i] = bound;
            items[i] = item;
        }

        private static boolean before(double boundA, int itemA, double boundB, int itemB) {
            return boundA > boundB || (boundA == boundB && itemA < itemB);
        }
    }
}
