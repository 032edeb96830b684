package dev.milotune.sampling;

import dev.milotune.space.SearchSpace;
import java.util.Objects;

/** The samplers. Each is a pure function of (seed, trial number, history, pending trials); see {@link Sampler}. */
public final class Samplers {

    private Samplers() {
    }

    /** Independent draws from each parameter's prior (uniform, log-uniform, uniform over steps or choices). */
    public static Sampler random(SearchSpace space, long seed) {
        return new RandomSampler(Objects.requireNonNull(space, "space"), seed);
    }

    /**
     * Grid search: the points of {@link SearchSpace#grid()} in a seeded shuffled order; trial n gets
     * point n mod size. Throws {@link dev.milotune.space.InvalidSpecException} naming the first
     * continuous float parameter when the space is not finite.
     */
    public static Sampler grid(SearchSpace space, long seed) {
        return new GridSampler(Objects.requireNonNull(space, "space").grid(), seed);
    }

    /**
     * Tree-structured Parzen Estimator (Bergstra et al. 2011): the best ⌈γ·n⌉ observations form l(x),
     * the rest g(x); per active parameter, {@code options.candidates()} draws from l(x) and the one
     * maximising l(x)/g(x) wins. Log parameters are modelled in ln x, ints and stepped floats are
     * rounded, categoricals use smoothed counts, conditional parameters are modelled over the
     * observations where they were active.
     *
     * <p>Multi-fidelity history (as BOHB): the model is fitted at the highest rung with at least
     * {@code options.startupTrials()} observations, else the configuration is drawn from the prior.
     * The history may hold one observation per trial and rung reached, or one per trial at its
     * highest rung; in the latter case a trial known only at a rung above k counts at rung k ranked
     * above every trial measured at k (it was promoted past k).
     *
     * <p>Trials in flight, passed as {@code pending} to {@link Sampler#suggest(int, java.util.List, java.util.List)},
     * count as the worst observations at the modelled rung (Optuna's constant liar), so parallel
     * suggestions spread out; they count neither toward {@code startupTrials} nor toward γ·n.
     */
    public static Sampler tpe(SearchSpace space, long seed, TpeOptions options) {
        return new TpeSampler(Objects.requireNonNull(space, "space"), seed, Objects.requireNonNull(options, "options"));
    }

    static void checkTrialNumber(int trialNumber) {
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trialNumber is " + trialNumber + ", but must be >= 0");
        }
    }
}
