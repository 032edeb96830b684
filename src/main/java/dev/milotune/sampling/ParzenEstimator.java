package dev.milotune.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The one-dimensional Parzen estimator of TPE (Bergstra et al. 2011, section 4.1): a mixture of
 * truncated normal kernels on [low, high], one per observation (weight 1) plus a prior kernel
 * centred on the interval with σ = high - low (weight {@code priorWeight}).
 *
 * <p>Bandwidths follow Optuna's univariate estimator ({@code _calculate_numerical_params} in Optuna
 * 3.1, {@code consider_prior=True, consider_magic_clip=True, consider_endpoints=False}), itself
 * Hyperopt's {@code adaptive_parzen_normal}: each kernel's σ is the larger gap to its neighbours
 * among the sorted centres (the observations and the prior's centre) and the interval ends, except
 * that the outermost centres use their inner gap; σ is clipped to
 * [(high - low) / min(100, n + 2), high - low] ("magic clip"), and the prior kernel's σ is then
 * high - low. No linear forgetting: every observation weighs the same. TpeReferenceTest checks the
 * values against Optuna's own estimator.
 */
final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Gauss-Legendre nodes on [-1, 1] and weights, 5 points: exact for polynomials of degree 9. */
    private static final double[] NODES = {-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640};
    private static final double[] LOG_WEIGHTS = {Math.log(0.2369268850561891), Math.log(0.4786286704993665), Math.log(128.0 / 225),
            Math.log(0.4786286704993665), Math.log(0.2369268850561891)};

    private final double low;
    private final double high;
    private final double[] mus;
    private final double[] sigmas;
    private final double[] logWeights;
    private final double[] cumulativeWeights;
    /** ln of each kernel's mass inside [low, high], the truncation's normaliser. */
    private final double[] logMassInside;

    ParzenEstimator(double[] observations, double low, double high, double priorWeight) {
        this.low = low;
        this.high = high;
        int n = observations.length;
        double range = high - low;
        mus = Arrays.copyOf(observations, n + 1);
        sigmas = new double[n + 1];
        double[] weights = new double[n + 1];
        Arrays.fill(weights, 1.0);
        weights[n] = priorWeight;
        mus[n] = low + range / 2;
        // The prior's centre is a neighbour too, as in Optuna and Hyperopt. A stable sort, so that ties
        // are deterministic: tied centres keep their order, the prior after the observations. The order
        // of ties matters only for an observation exactly at the centre (numpy's argsort leaves it open).
        Integer[] order = new Integer[n + 1];
        for (int i = 0; i <= n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mus[a], mus[b]));
        double minSigma = range / Math.min(100.0, n + 2.0);
        for (int rank = 0; rank <= n; rank++) {
            double here = mus[order[rank]];
            double leftGap = here - (rank == 0 ? low : mus[order[rank - 1]]);
            double rightGap = (rank == n ? high : mus[order[rank + 1]]) - here;
            double sigma = n >= 1 && rank == 0 ? rightGap
                    : n >= 1 && rank == n ? leftGap
                    : Math.max(leftGap, rightGap);
            sigmas[order[rank]] = Math.min(range, Math.max(minSigma, sigma));
        }
        sigmas[n] = range;
        double total = n + priorWeight;
        logWeights = new double[n + 1];
        cumulativeWeights = new double[n + 1];
        logMassInside = new double[n + 1];
        double cumulative = 0;
        for (int i = 0; i <= n; i++) {
            logWeights[i] = Math.log(weights[i] / total);
            cumulative += weights[i] / total;
            cumulativeWeights[i] = cumulative;
            logMassInside[i] = logStandardMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
        }
    }

    /** A draw from the mixture: pick a kernel by weight, then its normal truncated to [low, high] by rejection. */
    double sample(SplittableRandom random) {
        double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int k = 0;
        while (k < cumulativeWeights.length - 1 && u >= cumulativeWeights[k]) {
            k++;
        }
        // Each kernel's centre lies in [low, high], so at least about half of its mass is inside.
        for (int attempt = 0; attempt < 100; attempt++) {
            double x = mus[k] + sigmas[k] * standardNormal(random);
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.min(high, Math.max(low, mus[k]));
    }

    /** ln of the mixture density at {@code x}. */
    double logDensity(double x) {
        double[] terms = new double[mus.length];
        for (int i = 0; i < mus.length; i++) {
            double z = (x - mus[i]) / sigmas[i];
            terms[i] = logWeights[i] - 0.5 * z * z - LOG_SQRT_2PI - Math.log(sigmas[i]) - logMassInside[i];
        }
        return logSumExp(terms);
    }

    /** ln of the mixture's mass on the cell [a, b] (for discrete parameters). */
    double logMass(double a, double b) {
        double[] terms = new double[mus.length];
        for (int i = 0; i < mus.length; i++) {
            terms[i] = logWeights[i] + logStandardMass((a - mus[i]) / sigmas[i], (b - mus[i]) / sigmas[i]) - logMassInside[i];
        }
        return logSumExp(terms);
    }

    /** Box-Muller, one value per call: stable across JDK versions, unlike {@code nextGaussian}. */
    private static double standardNormal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * ln(Φ(b) - Φ(a)) for a &lt;= b, with a relative error below 5e-7. A narrow interval (a cell of a
     * discrete parameter) is integrated directly: as a difference of two nearly equal tails it would
     * magnify the erfc's 1.2e-7 by about 1/(b - a). A wide one is a difference of tails on the side that
     * keeps precision; there the smaller tail is at most e^-1/2 of the larger, so the erfc's error grows
     * at most fourfold.
     */
    static double logStandardMass(double a, double b) {
        double width = b - a;
        if (width <= 1 && width * Math.max(Math.abs(a), Math.abs(b)) <= 1) {
            return logNarrowMass(a, b);
        }
        double mass;
        if (a >= 0) {
            mass = upperTail(a) - upperTail(b);
        } else if (b <= 0) {
            mass = upperTail(-b) - upperTail(-a);
        } else {
            mass = 1.0 - upperTail(-a) - upperTail(b);
        }
        return mass > 0 ? Math.log(mass) : Double.NEGATIVE_INFINITY;
    }

    /**
     * ln ∫ φ over [a, b] by 5-point Gauss-Legendre, in log space so that far tails do not underflow.
     * The error term, (b - a)^11 (5!)^4 / (11 (10!)^3) φ^(10), is below 1e-8 of the mass while
     * b - a &lt;= 1 and (b - a)·max(|a|, |b|) &lt;= 1 (φ changes by at most a factor e over the interval).
     */
    private static double logNarrowMass(double a, double b) {
        double half = (b - a) / 2;
        double mid = (a + b) / 2;
        double[] terms = new double[NODES.length];
        for (int i = 0; i < NODES.length; i++) {
            double z = mid + half * NODES[i];
            terms[i] = LOG_WEIGHTS[i] - 0.5 * z * z - LOG_SQRT_2PI;
        }
        return Math.log(Math.max(half, Double.MIN_VALUE)) + logSumExp(terms);
    }

    /** Q(z) = 1 - Φ(z). */
    private static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
