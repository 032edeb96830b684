package dev.milotune.sampling;

import dev.milotune.space.InvalidSpecException;

/**
 * Options of the Tree-structured Parzen Estimator (Bergstra et al. 2011, "Algorithms for
 * Hyper-Parameter Optimization", section 4).
 *
 * @param startupTrials observations needed (at one rung) before the model is used; until then
 *     configurations are drawn from the prior (Optuna's {@code n_startup_trials})
 * @param gamma the paper's quantile γ: the best ⌈γ·n⌉ of n observations form the "good" density
 *     l(x), the rest the "bad" density g(x). A fixed fraction as in the paper and Hyperopt, not
 *     Optuna's default γ(n) = min(⌈0.1 n⌉, 25)
 * @param candidates how many candidates are drawn from l(x) to maximise l(x)/g(x), the paper's
 *     expected-improvement criterion (Optuna's {@code n_ei_candidates})
 * @param priorWeight weight of the prior kernel (uniform over the domain) against weight 1 per
 *     observation, in both l and g (Optuna's {@code prior_weight})
 */
public record TpeOptions(int startupTrials, double gamma, int candidates, double priorWeight) {

    public TpeOptions {
        if (startupTrials < 1) {
            throw new InvalidSpecException("sampler.startupTrials", startupTrials, "must be >= 1");
        }
        if (!(gamma > 0 && gamma < 1)) {
            throw new InvalidSpecException("sampler.gamma", gamma, "must be in (0, 1)");
        }
        if (candidates < 1) {
            throw new InvalidSpecException("sampler.candidates", candidates, "must be >= 1");
        }
        if (!(priorWeight > 0) || !Double.isFinite(priorWeight)) {
            throw new InvalidSpecException("sampler.priorWeight", priorWeight, "must be a finite number > 0");
        }
    }

    /** Optuna's defaults (10 startup trials, 24 candidates, prior weight 1) with the paper's γ = 0.25. */
    public static TpeOptions defaults() {
        return new TpeOptions(10, 0.25, 24, 1.0);
    }
}
