package dev.milotune.selection;

import java.util.SplittableRandom;

/** Evaluates the memoised gain of every remaining item at every step: O(n) gains per pick (one bulk {@code gainsInto}). */
final class NaiveGreedy implements Optimizer {

    @Override
    public GreedyResult maximize(SetFunction function, int budget, SplittableRandom random) {
        Optimizer.checkBudget(function, budget);
        int n = function.groundSize();
        SetFunction.State state = function.newState();
        boolean[] selected = new boolean[n];
        double[] all = new double[n];
        int[] picks = new int[budget];
        double[] gains = new double[budget];
        for (int step = 0; step < budget; step++) {
            state.gainsInto(all);
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (selected[x]) {
                    continue;
                }
                double g = Optimizer.checked(function, x, step, all[x]);
                if (g > bestGain) { // strict: the lowest index wins a tie
                    bestGain = g;
                    best = x;
                }
            }
            selected[best] = true;
            state.add(best);
            picks[step] = best;
            gains[step] = bestGain;
        }
        return new GreedyResult(picks, gains);
    }
}
