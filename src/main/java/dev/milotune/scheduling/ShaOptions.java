package dev.milotune.scheduling;

import dev.milotune.space.InvalidSpecException;

/**
 * Synchronous successive halving, Li et al. 2020 ("A System for Massively Parallel Hyperparameter
 * Tuning", Algorithm 1; after Jamieson and Talwalkar 2016): one bracket of n = {@code maxTrials}
 * trials; rung k waits until all its trials have reported, then promotes the top ⌊n_k/η⌋.
 *
 * @param r minimum resource
 * @param R maximum resource, the last rung
 * @param eta reduction factor η
 * @param s minimum early-stopping rate: the bottom rung trains to r · η^s
 * @param maxTrials n, which must be at least η^K for K + 1 rungs so that one trial reaches R (the
 *     paper's assertion n &gt;= η^(s_max - s))
 */
public record ShaOptions(int r, int R, int eta, int s, int maxTrials) implements SchedulerSpec {

    public ShaOptions {
        Ladder.check(r, R, eta, s);
        Ladder.checkMaxTrials(maxTrials);
        int halvings = Ladder.rungs(r, R, eta, s).size() - 1;
        long needed = Ladder.power(eta, halvings);
        if (maxTrials < needed) {
            throw new InvalidSpecException("maxTrials", maxTrials,
                    "must be >= " + needed + " (eta^" + halvings + ") so that one trial reaches R under SHA with these rungs");
        }
    }
}
