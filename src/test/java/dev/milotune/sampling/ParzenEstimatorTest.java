package dev.milotune.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

    @Test
    void erfcHasSmallRelativeErrorIntoTheTails() {
        double[][] known = {{0, 1}, {0.5, 0.4795001221869535}, {1, 0.15729920705028513}, {2, 0.004677734981047266},
                {-1, 1.8427007929497148}, {5, 1.5374597944280349e-12}, {10, 2.088487583762545e-45}};
        for (double[] k : known) {
            assertThat(ParzenEstimator.erfc(k[0])).as("erfc(%s)", k[0]).isCloseTo(k[1], within(Math.abs(k[1]) * 2e-7));
        }
    }

    @Test
    void theMixtureIsADensityOnItsInterval() {
        ParzenEstimator estimator = new ParzenEstimator(new double[] {0.1, 0.15, 0.8}, 0, 1, 1.0);
        int steps = 100_000;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(estimator.logDensity((i + 0.5) / steps)) / steps;
        }
        assertThat(integral).isCloseTo(1.0, within(1e-4));

        double cells = 0;
        for (int v = 0; v < 10; v++) {
            cells += Math.exp(estimator.logMass(v / 10.0, (v + 1) / 10.0));
        }
        assertThat(cells).as("masses of a partition").isCloseTo(1.0, within(1e-5));
    }

    @Test
    void theMassOfANarrowCellIsItsWidthTimesTheDensity() {
        // A cell of width h around x has mass p(x)·h·(1 + O(h²)): the log-int cells at large values are
        // this narrow, and each straddles the kernel of its own observed value. Computed as a difference
        // of two tails near 0.5 each, the erfc's 1.2e-7 error would be magnified by 1/h.
        ParzenEstimator estimator = new ParzenEstimator(new double[] {0.2, 0.5, 0.55, 0.9}, 0, 1, 1.0);
        for (double x : new double[] {0.2, 0.5, 0.7, 0.9}) {
            for (double h : new double[] {1e-4, 1e-5, 1e-6}) {
                assertThat(estimator.logMass(x - h / 2, x + h / 2)).as("x %s, h %s", x, h)
                        .isCloseTo(estimator.logDensity(x) + Math.log(h), within(1e-6));
            }
        }
    }

    @Test
    void samplesStayInsideAndConcentrateNearTheObservations() {
        ParzenEstimator estimator = new ParzenEstimator(new double[] {2.0, 2.1, 1.9, 2.05}, 0, 10, 1.0);
        SplittableRandom random = new SplittableRandom(1);
        int near = 0;
        for (int i = 0; i < 2000; i++) {
            double x = estimator.sample(random);
            assertThat(x).isBetween(0.0, 10.0);
            near += Math.abs(x - 2) < 1 ? 1 : 0;
        }
        // Three of five kernel weights sit at ~2 with σ clipped to 10/6, the fourth (2.1, beside the
        // prior's centre 5) has σ 2.9, the prior spreads the fifth: P(|x - 2| < 1) = 0.417, so 834 of
        // 2000 expected (sd 22); uniform draws would give 400.
        assertThat(near).isGreaterThan(760);
    }
}
