package dev.milotune.selection;

import java.util.SplittableRandom;

/**
 * A greedy maximiser: picks {@code budget} items one at a time, each the item of largest
 * marginal gain among those it considers; ties go to the lowest item index. Every considered gain
 * is checked: NaN or infinity ends the run with a {@link NonFiniteGainException}.
 */
sealed interface Optimizer permits NaiveGreedy, LazyGreedy, StochasticGreedy {

    /** @param random used only by randomised optimizers; may be null for the others */
    GreedyResult maximize(SetFunction function, int budget, SplittableRandom random);

    static Optimizer of(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.NaiveGreedy) {
            return new NaiveGreedy();
        }
        if (spec instanceof OptimizerSpec.LazyGreedy) {
            return new LazyGreedy();
        }
        return new StochasticGreedy(((OptimizerSpec.StochasticGreedy) spec));
    }

    static void checkBudget(SetFunction function, int budget) {
        if (budget < 0 || budget > function.groundSize()) {
            throw new IllegalArgumentException("budget " + budget + " is larger than the ground set of " + function.groundSize() + " items");
        }
    }

    static double checked(SetFunction function, int item, int step, double gain) {
        if (!Double.isFinite(gain)) {
            throw NonFiniteGainException.of(function, item, step, gain);
        }
        return gain;
    }
}
