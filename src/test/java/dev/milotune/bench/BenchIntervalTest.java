package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenchIntervalTest {

    @Test
    void threeValuesGiveTheTextbookInterval() {
        // mean 2, sd 1, t(0.975, 2) = 4.303: 2 ± 4.303 / sqrt(3)
        Interval i = Interval.t95(List.of(1.0, 2.0, 3.0));
        assertThat(i.n()).isEqualTo(3);
        assertThat(i.mean()).isEqualTo(2.0);
        assertThat(i.sd()).isCloseTo(1.0, within(1e-12));
        assertThat(i.lo()).isCloseTo(2 - 4.303 / Math.sqrt(3), within(1e-9));
        assertThat(i.hi()).isCloseTo(2 + 4.303 / Math.sqrt(3), within(1e-9));
    }

    @Test
    void oneSeedHasNoBoundsAndNonFiniteValuesAreLeftOut() {
        Interval one = Interval.t95(List.of(5.0, Double.NaN));
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.mean()).isEqualTo(5.0);
        assertThat(one.bounded()).isFalse();
        assertThat(Interval.t95(List.of()).isEmpty()).isTrue();
    }

    @Test
    void tQuantilesJoinTheTableAndTendToTheNormal() {
        assertThat(Interval.t975(1)).isEqualTo(12.706);
        assertThat(Interval.t975(30)).isEqualTo(2.042);
        assertThat(Interval.t975(31)).isCloseTo(2.040, within(0.001));
        assertThat(Interval.t975(120)).isCloseTo(1.980, within(0.001));
        assertThat(Interval.t975(100_000)).isCloseTo(1.960, within(0.001));
    }

    @Test
    void coversTheTrueMeanAboutNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(17);
        int covered = 0;
        int runs = 4000;
        for (int r = 0; r < runs; r++) {
            List<Double> sample = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                sample.add(3 + 2 * gaussian(random));
            }
            Interval i = Interval.t95(sample);
            if (i.lo() <= 3 && 3 <= i.hi()) {
                covered++;
            }
        }
        assertThat(covered / (double) runs).isBetween(0.935, 0.965);
    }

    @Test
    void targetsAreJudgedOnTheMean() {
        Targets t = Targets.ISSUE_17;
        assertThat(t.wallMet(new Interval(3, 21, 5, 8, 34))).isTrue();
        assertThat(t.wallMet(new Interval(3, 19.9, 0.1, 19.7, 20.1))).isFalse();
        assertThat(t.peerWallMet(new Interval(2, 10, 1, 1, 19))).isTrue();
        assertThat(t.accuracyMet(new Interval(3, -0.5, 1, -3, 2))).isTrue();
        assertThat(t.accuracyMet(new Interval(3, -0.51, 0, -0.51, -0.51))).isFalse();
        assertThat(t.accuracyMet(Interval.t95(List.of()))).isFalse();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    @Test
    void speedupsAreSummarisedOnTheLogScale() {
        Interval i = Interval.ratio(List.of(2.0, 8.0, Double.NaN, -1.0));
        assertThat(i.n()).as("non-finite and non-positive ratios are left out").isEqualTo(2);
        assertThat(i.mean()).as("geometric mean").isCloseTo(4.0, within(1e-9));
        double half = 12.706 * Math.sqrt(2 * Math.pow(Math.log(4), 2) / 1) / 2 / Math.sqrt(2);
        assertThat(i.lo()).isCloseTo(Math.exp(Math.log(4) - half), within(1e-6)).isPositive();
        assertThat(i.hi()).isCloseTo(Math.exp(Math.log(4) + half), within(1e-3));
        assertThat(i.lo() * i.hi()).as("symmetric around the geometric mean on the log scale").isCloseTo(16.0, within(1e-6));
        assertThat(Interval.ratio(List.of(5.0)).mean()).isCloseTo(5.0, within(1e-9));
        assertThat(Interval.ratio(List.of()).isEmpty()).isTrue();
    }
}
