package dev.milotune.selection;

/** Which greedy maximiser picks a budget of items for a {@code SetFunction}. */
public sealed interface OptimizerSpec {

    /** Canonical text with parameters, e.g. {@code stochastic-greedy(epsilon=0.1)}. */
    String describe();

    /** Evaluates every remaining item at every step (Nemhauser, Wolsey, Fisher 1978). */
    record NaiveGreedy() implements OptimizerSpec {
        @Override
        public String describe() {
            return "naive-greedy";
        }
    }

    /**
     * Minoux's lazy greedy: stale gains are upper bounds for a submodular function, so only the
     * top of a priority queue is re-evaluated. Picks exactly what naive greedy picks; refuses
     * functions that are not submodular, for which the bounds are invalid.
     */
    record LazyGreedy() implements OptimizerSpec {
        @Override
        public String describe() {
            return "lazy-greedy";
        }
    }

    /**
     * Stochastic greedy (Mirzasoleiman et al., AAAI 2015): each step evaluates a uniform random
     * sample of R = floor((n / k) ln(1 / epsilon)) remaining items (at least 1, at most the
     * remaining count) and keeps the best; (1 - 1/e - epsilon)-approximate in expectation for
     * monotone submodular functions. MILO's SGE uses epsilon = 0.1.
     */
    record StochasticGreedy(double epsilon) implements OptimizerSpec {
        public StochasticGreedy {
            if (!(epsilon > 0 && epsilon < 1)) {
                throw new IllegalArgumentException("stochastic-greedy epsilon is " + epsilon + ", but must be in (0, 1)");
            }
        }

        @Override
        public String describe() {
            return "stochastic-greedy(epsilon=" + epsilon + ")";
        }

        /** R for a ground set of n items and a budget of k: floor((n / k) ln(1 / epsilon)), in [1, n]. */
        public int sampleSize(int n, int k) {
            double r = Math.floor((double) n / k * Math.log(1 / epsilon));
            return (int) Math.max(1, Math.min(n, r));
        }
    }
}
