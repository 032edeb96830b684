package dev.milotune.selection;

import java.util.SplittableRandom;

/**
 * Stochastic greedy (Mirzasoleiman et al. 2015) as MILO.md step 4 specifies it: each step draws
 * R distinct remaining items by a partial Fisher-Yates shuffle of the remaining pool and picks
 * the best of them (ties to the lowest index). O(R) gains per pick.
 */
final class StochasticGreedy implements Optimizer {

    private final OptimizerSpec.StochasticGreedy spec;

    StochasticGreedy(OptimizerSpec.StochasticGreedy spec) {
        this.spec = spec;
    }

    @Override
    public GreedyResult maximize(SetFunction function, int budget, SplittableRandom random) {
        Optimizer.checkBudget(function, budget);
        if (random == null) {
            throw new IllegalArgumentException("stochastic greedy needs a seeded random stream");
        }
        int n = function.groundSize();
        int[] picks = new int[budget];
        double[] gains = new double[budget];
        if (budget == 0) {
            return new GreedyResult(picks, gains);
        }
        int sampleSize = spec.sampleSize(n, budget);
        SetFunction.State state = function.newState();
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        int remaining = n;
        for (int step = 0; step < budget; step++) {
            int r = Math.min(sampleSize, remaining);
            int bestPosition = -1;
            int best = Integer.MAX_VALUE;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < r; j++) {
                int k = j + random.nextInt(remaining - j);
                int x = pool[k];
                pool[k] = pool[j];
                pool[j] = x;
                double g = Optimizer.checked(function, x, step, state.gain(x));
                if (g > bestGain || (g == bestGain && x < best)) {
                    bestGain = g;
                    best = x;
                    bestPosition = j;
                }
            }
            state.add(best);
            picks[step] = best;
            gains[step] = bestGain;
            pool[bestPosition] = pool[--remaining];
        }
        return new GreedyResult(picks, gains);
    }
}
