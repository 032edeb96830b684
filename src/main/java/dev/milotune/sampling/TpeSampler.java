package dev.milotune.sampling;

import dev.milotune.study.Seeds;
import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Configuration;
import dev.milotune.space.Parameter;
import dev.milotune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator, Bergstra, Bardenet, Bengio and Kégl 2011, "Algorithms for
 * Hyper-Parameter Optimization", section 4; univariate and independent per parameter, as in the
 * paper and Optuna's default.
 *
 * <p>Symbols: the observations are split at the γ-quantile y* of the scores: the best ⌈γ·n⌉ form
 * l(x), the rest g(x) (paper eq. 2). For each active parameter, {@code candidates} points are drawn
 * from l(x) and the one maximising l(x)/g(x) is kept: expected improvement is monotone in that ratio
 * (eq. 4). Numeric parameters use {@link ParzenEstimator} in model space ({@link NumericScale}: ln x
 * for log parameters; discrete values are scored by their cell's mass and rounded); categorical ones
 * use smoothed counts, p(c) = (count(c) + w/K) / (n + w) with w the prior weight and K the number of
 * choices. A conditional parameter is modelled only over the observations where it was active.
 *
 * <p>Against Optuna 3.1's TPE set to these options (TpeReferenceTest compares the values with
 * Optuna's own estimator): the numeric Parzen estimators are the same, except that ours is a density
 * (Optuna 3.1 leaves out each kernel's -ln σ, optuna/optuna#5109, fixed upstream after 3.1 by PR
 * #5110). Deliberately different: γ is a fixed fraction ({@link TpeOptions}); categorical parameters
 * use Hyperopt's smoothed counts above, where each of Optuna's kernels also spreads w/(n+1) over the
 * choices; and log-scale ints are scored by the mass of their cell, like every discrete parameter,
 * where Optuna 3.1 takes the density at ln v (Optuna scores by the cell too since PR #6258).
 *
 * <p>Multi-fidelity history (as BOHB, Falkner et al. 2018): the model is fitted at the highest rung
 * k with at least {@code startupTrials} observations there, else the configuration comes from the
 * prior. The observations at rung k are those measured at k, plus, for a trial known only by a
 * higher rung (one observation per trial), that higher observation: such a trial was promoted past
 * k, so it ranks above every trial measured at k; among themselves they rank by (rung, score).
 *
 * <p>Trials in flight (Optuna's {@code constant_liar=True}, {@code optuna/samplers/_tpe/sampler.py},
 * {@code _get_observation_pairs}, Optuna 3.1): a pending configuration counts as an observation at the
 * modelled rung k with the worst possible score, so it always lands in g(x) and pushes candidates away
 * from points already being evaluated. As in Optuna, pending trials count neither toward
 * {@code startupTrials} (Optuna's {@code n < n_startup_trials} ignores running trials), nor in
 * choosing the rung, nor in the size of l(x): ⌈γ·n⌉ is taken of the n finished observations at k
 * (Optuna's {@code gamma(n)} with the same n), so pending trials only add to g(x). One difference,
 * forced by our per-rung history: a pending configuration already counted at rung k (measured there,
 * or known at a higher rung) is not added again. That is a promoted trial now running a higher rung;
 * its score at k is a fact, and a lie beside it would put the same point in l(x) and g(x). Optuna has
 * one record per trial and lets the lie replace a running trial's intermediate values. The sampler
 * sees configurations, not trials, so an identical configuration of another trial is treated the same
 * way; its score at k is known from the twin.
 *
 * <p>Determinism: the history is put in a canonical order first (rung, score, configuration), and the
 * pending configurations are ordered by their text, so the same observations and pending trials in
 * any order give the same suggestion; the draws come from the trial's own stream of the seed.
 */
final class TpeSampler implements Sampler {

    /** Best first: higher rung, then higher score (NaN last), then the configuration's text for a total order. */
    private static final Comparator<Observation> BEST_FIRST = Comparator
            .comparingInt(Observation::rung).reversed()
            .thenComparing(o -> Double.isNaN(o.score()) ? Double.NEGATIVE_INFINITY : o.score(), Comparator.reverseOrder())
            .thenComparing(o -> o.configuration().toString());

    private final SearchSpace space;
    private final long seed;
    private final TpeOptions options;

    TpeSampler(SearchSpace space, long seed, TpeOptions options) {
        this.space = space;
        this.seed = seed;
        this.options = options;
    }

    @Override
    public Configuration suggest(int trialNumber, List<Observation> history, List<Configuration> pending) {
        Samplers.checkTrialNumber(trialNumber);
        SplittableRandom random = Seeds.stream(seed, Seeds.Stream.SAMPLER, trialNumber);
        Optional<Split> split = split(history, pending);
        if (split.isEmpty()) {
            return Priors.draw(space, random);
        }
        Map<String, Object> partial = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            if (!space.isActive(p, partial)) {
                continue;
            }
            List<Object> l = valuesOf(p, split.get().below());
            List<Object> g = valuesOf(p, split.get().above());
            Object value = l.isEmpty() && g.isEmpty() ? Priors.draw(p, random)
                    : p instanceof CategoricalParameter c ? suggestChoice(c, l, g, random)
                    : suggestNumber(NumericScale.of(p), l, g, random);
            partial.put(p.name(), value);
        }
        return new Configuration(partial);
    }

    /**
     * The configurations that form l(x) (below y*) and g(x) (above it, then the pending trials).
     *
     * @param below the best ⌈γ·n⌉ of the n finished observations at the modelled rung, best first
     * @param above the other finished observations, best first, then the pending configurations not
     *     counted at that rung, in their canonical order
     */
    record Split(List<Configuration> below, List<Configuration> above) {
    }

    /** The split at the modelled rung; empty while no rung has {@code startupTrials} finished observations. */
    Optional<Split> split(List<Observation> history, List<Configuration> pending) {
        List<Observation> ranked = modelledObservations(history);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        int good = (int) Math.min(ranked.size(), Math.max(1, Math.ceil(options.gamma() * ranked.size())));
        List<Configuration> below = ranked.subList(0, good).stream().map(Observation::configuration).toList();
        List<Configuration> above = new ArrayList<>(ranked.subList(good, ranked.size()).stream().map(Observation::configuration).toList());
        Set<Configuration> counted = new HashSet<>(ranked.stream().map(Observation::configuration).toList());
        pending.stream()
                .filter(c -> !counted.contains(c))
                .sorted(Comparator.comparing(Configuration::toString))
                .forEach(above::add);
        return Optional.of(new Split(below, List.copyOf(above)));
    }

    /** The observations at the highest rung with enough of them, best first; empty while no rung has enough. */
    List<Observation> modelledObservations(List<Observation> history) {
        int top = history.stream().mapToInt(Observation::rung).max().orElse(-1);
        for (int k = top; k >= 0; k--) {
            int rung = k;
            Set<Configuration> measuredHere = new HashSet<>();
            for (Observation o : history) {
                if (o.rung() == rung) {
                    measuredHere.add(o.configuration());
                }
            }
            List<Observation> atRung = new ArrayList<>();
            for (Observation o : history) {
                if (o.rung() == rung || (o.rung() > rung && !measuredHere.contains(o.configuration()))) {
                    atRung.add(o);
                }
            }
            if (atRung.size() >= options.startupTrials()) {
                atRung.sort(BEST_FIRST);
                return atRung;
            }
        }
        return List.of();
    }

    /** The values of {@code p} in the configurations where it is active. */
    static List<Object> valuesOf(Parameter p, List<Configuration> configurations) {
        List<Object> values = new ArrayList<>();
        for (Configuration c : configurations) {
            Object v = c.values().get(p.name());
            if (v != null && p.contains(v)) {
                values.add(v);
            }
        }
        return values;
    }

    private Object suggestNumber(NumericScale scale, List<Object> below, List<Object> above, SplittableRandom random) {
        ParzenEstimator l = estimator(scale, below);
        ParzenEstimator g = estimator(scale, above);
        Object best = null;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < options.candidates(); i++) {
            Object candidate = scale.toValue(l.sample(random));
            double ratio = logLikelihood(scale, l, candidate) - logLikelihood(scale, g, candidate);
            if (best == null || ratio > bestRatio) {
                best = candidate;
                bestRatio = ratio;
            }
        }
        return best;
    }

    /** The Parzen estimator of a numeric parameter's observed values, in model space. */
    ParzenEstimator estimator(NumericScale scale, List<Object> values) {
        return new ParzenEstimator(values.stream().mapToDouble(scale::toModel).toArray(), scale.low(), scale.high(), options.priorWeight());
    }

    /**
     * What a candidate is scored by: ln of the density at its model-space point for a continuous
     * parameter, ln of its cell's mass for a discrete one (the probability that a draw rounds to it).
     */
    static double logLikelihood(NumericScale scale, ParzenEstimator estimator, Object candidate) {
        return scale.discrete()
                ? estimator.logMass(scale.cellLow(candidate), scale.cellHigh(candidate))
                : estimator.logDensity(scale.toModel(candidate));
    }

    private Object suggestChoice(CategoricalParameter p, List<Object> below, List<Object> above, SplittableRandom random) {
        List<Object> choices = p.choices();
        double[] l = smoothedFrequencies(choices, below);
        double[] g = smoothedFrequencies(choices, above);
        int best = -1;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < options.candidates(); i++) {
            int candidate = drawIndex(l, random);
            double ratio = Math.log(l[candidate]) - Math.log(g[candidate]);
            if (best < 0 || ratio > bestRatio) {
                best = candidate;
                bestRatio = ratio;
            }
        }
        return choices.get(best);
    }

    /** p(c) = (count(c) + w/K) / (n + w) per choice c, in the order of {@code choices}. */
    double[] smoothedFrequencies(List<Object> choices, List<Object> observed) {
        double w = options.priorWeight();
        double[] p = new double[choices.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = w / p.length;
        }
        for (Object v : observed) {
            p[choices.indexOf(v)] += 1;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= observed.size() + w;
        }
        return p;
    }

    private static int drawIndex(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probabilities.length - 1; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        return probabilities.length - 1;
    }
}
