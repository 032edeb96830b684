package dev.milotune.scheduling;

import dev.milotune.space.InvalidSpecException;

/**
 * Hyperband, Li et al. 2018 ("Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", Algorithm 1 and Table 1), with each bracket run by ASHA's promotion rule (DESIGN.md
 * decision 4; the asynchronous Hyperband of Li et al. 2020, section 3.3).
 *
 * <p>Bracket b (0-based) has the rungs of the most aggressive bracket from its b-th on: with K
 * halvings in bracket 0, bracket b is the paper's bracket s = K - b and holds
 * n_b = ⌈(K+1)/(K-b+1) · η^(K-b)⌉ trials. For r=1, R=81, η=3 that is Table 1: 81 trials at
 * 1, 3, 9, 27, 81; 34 at 3, 9, 27, 81; 15 at 9, 27, 81; 8 at 27, 81; 5 at 81. Brackets fill in this
 * order and repeat (bracket ids keep counting: id b + i · brackets is the i-th repetition of bracket
 * b) until {@code maxTrials} are started; the last bracket gets what remains. A study with fewer
 * trials than n_0 runs only bracket 0.
 *
 * @param r minimum resource
 * @param R maximum resource, the last rung
 * @param eta reduction factor η
 * @param s minimum early-stopping rate of bracket 0: its bottom rung trains to r · η^s
 * @param brackets how many brackets, 1 to K+1 (K+1 is the paper's s_max + 1)
 * @param maxTrials how many trials are started over all brackets
 */
public record HyperbandOptions(int r, int R, int eta, int s, int brackets, int maxTrials) implements SchedulerSpec {

    public HyperbandOptions {
        Ladder.check(r, R, eta, s);
        Ladder.checkMaxTrials(maxTrials);
        int most = Ladder.rungs(r, R, eta, s).size();
        if (brackets < 1 || brackets > most) {
            throw new InvalidSpecException("scheduler.brackets", brackets,
                    "must be in [1, " + most + "], the number of distinct bottom rungs for r=" + r + ", R=" + R + ", eta=" + eta + ", s=" + s);
        }
    }

    /** All K+1 brackets of the paper, with s = 0. */
    public static HyperbandOptions of(int r, int R, int eta, int maxTrials) {
        Ladder.check(r, R, eta, 0);
        return new HyperbandOptions(r, R, eta, 0, Ladder.rungs(r, R, eta, 0).size(), maxTrials);
    }
}
