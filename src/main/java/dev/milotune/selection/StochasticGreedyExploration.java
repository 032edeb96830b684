package dev.milotune.selection;

import dev.milotune.study.Seeds;
import java.util.SplittableRandom;

/**
 * SGE (MILO.md step 4): n_subsets maximisations of graph cut over one class kernel by stochastic
 * greedy, each from its own stream derived from (seed, subset, class label, partition), so the
 * subsets differ from each other (the reference's do not: submodlib calls srand(1)). The kernel
 * and the graph-cut column sums are shared by all subsets.
 */
final class StochasticGreedyExploration {

    private StochasticGreedyExploration() {
    }

    /**
     * Whether the factored graph cut ({@link FactoredGraphCutFunction}: R dot products of length
     * d per pick) costs less than the dense memo (one kernel row of n per pick): R d < n.
     */
    static boolean factoredIsCheaper(int n, int budget, int d, OptimizerSpec.StochasticGreedy spec) {
        return budget > 0 && (long) spec.sampleSize(n, budget) * d < n;
    }

    /** Local picks of every subset: {@code result[s]} has {@code budget} items in pick order. */
    static int[][] subsets(SetFunction graphCut, int budget, int count, OptimizerSpec.StochasticGreedy spec, long seed,
            GroundSet set, ParallelLoop loop) {
        int[][] picks = new int[count][];
        StochasticGreedy optimizer = new StochasticGreedy(spec);
        loop.run(count, s -> {
            SplittableRandom random = Seeds.stream(seed, Seeds.Stream.SGE, s, set.label(), set.partition());
            picks[s] = optimizer.maximize(graphCut, budget, random).picks();
        });
        return picks;
    }
}
