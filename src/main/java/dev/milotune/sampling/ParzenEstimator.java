package dev.milotune.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The one-dimensional Parzen estimator of TPE (Bergstra et al. 2011, section 4.1): a mixture of
 * truncated normal kernels on [low, high], one per observation (weight 1) plus a prior kernel
 * centred on the interval with σ = high - low (weight {@code priorWeight}).
 *
 * <p>Bandwidths follow Optuna's univariate estimator: each kernel's σ is the larger gap to its
 * neighbours among the sorted observations and the interval ends (the outermost ones use their inner
 * gap), clipped to [(high - low) / min(100, n + 2), high - low] ("magic clip"). No linear forgetting:
 * every observation weighs the same.
 */
final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

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
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(observations[a], observations[b]));
        double minSigma = range / Math.min(100.0, n + 2.0);
        for (int rank = 0; rank < n; rank++) {
            double here = observations[order[rank]];
            double left = rank == 0 ? low : observations[order[rank - 1]];
            double right = rank == n - 1 ? high : observations[order[rank + 1]];
            double sigma;
            if (n >= 2 && rank == 0) {
                sigma = right - here;
            } else if (n >= 2 && rank == n - 1) {
                sigma = here - left;
            } else {
                sigma = Math.max(here - left, right - here);
            }
            sigmas[order[rank]] = Math.min(range, Math.max(minSigma, sigma));
            weights[order[rank]] = 1.0;
        }
        mus[n] = low + range / 2;
        sigmas[n] = range;
        weights[n] = priorWeight;
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

    /** ln(Φ(b) - Φ(a)) for a &lt;= b, computed on the tail that keeps precision. */
    static double logStandardMass(double a, double b) {
        if (b - a < 1e-6) {
            double mid = (a + b) / 2;
            return -0.5 * mid * mid - LOG_SQRT_2PI + Math.log(Math.max(b - a, Double.MIN_VALUE));
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
