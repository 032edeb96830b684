package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HyperbandTest {

    /** Li et al. 2018, Table 1 (R = 81, η = 3): per bracket, the trials at each rung and the rung resources. */
    static final long[][] TRIALS = {{81, 27, 9, 3, 1}, {34, 11, 3, 1}, {15, 5, 1}, {8, 2}, {5}};
    static final int[][] RESOURCES = {{1, 3, 9, 27, 81}, {3, 9, 27, 81}, {9, 27, 81}, {27, 81}, {81}};

    @Test
    void theBracketsHaveTheRungsOfThePapersTable() {
        Scheduler hyperband = Schedulers.hyperband(HyperbandOptions.of(1, 81, 3, 143));

        for (int b = 0; b < 5; b++) {
            assertThat(hyperband.rungs(b).stream().mapToInt(Rung::resource).toArray()).as("bracket %d", b).isEqualTo(RESOURCES[b]);
        }
        assertThatThrownBy(() -> hyperband.rungs(5)).isInstanceOf(IllegalArgumentException.class);
        for (int s = 4; s >= 0; s--) {
            assertThat(Schedulers.bracketSize(4, s, 3)).as("n for s = %d", s).isEqualTo(TRIALS[4 - s][0]);
        }
    }

    @Test
    void withTrialsArrivingBestFirstEachBracketMatchesTheTableExactly() {
        Scheduler hyperband = Schedulers.hyperband(HyperbandOptions.of(1, 81, 3, 143));
        PromotionOracle oracle = new PromotionOracle(hyperband, 3);
        SimulatedStudy study = new SimulatedStudy(hyperband, 1, (t, r) -> -t, t -> false, 0, 0, oracle).run();

        for (int b = 0; b < 5; b++) {
            for (int k = 0; k < TRIALS[b].length; k++) {
                assertThat(study.reached(b, k)).as("bracket %d rung %d", b, k).isEqualTo(TRIALS[b][k]);
            }
        }
    }

    @Test
    void onRandomCurvesWithEightWorkersEveryBracketFollowsAshasRuleAndFillsAtLeastTheTable() {
        double[] quality = new SplittableRandom(3).doubles(143).toArray();
        SplittableRandom noise = new SplittableRandom(4);
        double[][] scores = new double[143][82];
        for (int t = 0; t < 143; t++) {
            for (int r = 1; r <= 81; r++) {
                scores[t][r] = quality[t] * (1 - Math.exp(-r / 20.0)) + 0.05 * noise.nextDouble();
            }
        }
        Scheduler hyperband = Schedulers.hyperband(HyperbandOptions.of(1, 81, 3, 143));
        PromotionOracle oracle = new PromotionOracle(hyperband, 3);
        SimulatedStudy study = new SimulatedStudy(hyperband, 8, (t, r) -> scores[t][r], t -> false, 0, 3, oracle).run();

        oracle.assertTopOfEveryRungPromoted();
        for (int b = 0; b < 5; b++) {
            assertThat(study.reached(b, 0)).as("bracket %d size", b).isEqualTo(TRIALS[b][0]);
            for (int k = 1; k < TRIALS[b].length; k++) {
                // ASHA may promote a trial that later drops out of the top third, never fewer than the top third.
                assertThat(study.reached(b, k)).as("bracket %d rung %d", b, k).isGreaterThanOrEqualTo(TRIALS[b][k]);
            }
        }
    }

    @Test
    void bracketsRepeatUntilMaxTrialsAndTheLastOneGetsWhatRemains() {
        Scheduler hyperband = Schedulers.hyperband(HyperbandOptions.of(1, 81, 3, 200));
        SimulatedStudy study = new SimulatedStudy(hyperband, 6, (t, r) -> Math.sin(t) * r, t -> false, 0, 0, new SimulatedStudy.Observer() {
        }).run();

        assertThat(study.reached(5, 0)).as("bracket 5 repeats bracket 0 with the 57 remaining trials").isEqualTo(57);
        assertThat(hyperband.rungs(5)).isEqualTo(hyperband.rungs(0));
        assertThatThrownBy(() -> hyperband.rungs(6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(study.decisions.stream().filter(d -> d instanceof Decision.Start).count()).isEqualTo(200);
    }

    @Test
    void fewerBracketsStartFromTheMostAggressive() {
        Scheduler hyperband = Schedulers.hyperband(new HyperbandOptions(1, 81, 3, 1, 2, 100));

        assertThat(hyperband.rungs(0)).extracting(Rung::resource).containsExactly(3, 9, 27, 81);
        assertThat(hyperband.rungs(1)).extracting(Rung::resource).containsExactly(9, 27, 81);
        assertThat(hyperband.rungs(1)).extracting(Rung::index).containsExactly(0, 1, 2);
        // K = 3 halvings in bracket 0: n = ⌈4/4 · 27⌉ = 27, then ⌈4/3 · 9⌉ = 12.
        SimulatedStudy study = new SimulatedStudy(hyperband, 1, (t, r) -> -t).run();
        assertThat(List.of(study.reached(0, 0), study.reached(1, 0), study.reached(2, 0), study.reached(3, 0))).containsExactly(27L, 12L, 27L, 12L);
    }
    @Test
    void aFreeSlotTakesThePromotionFromTheRungWithTheLargestResourceAcrossBrackets() {
        // r=1, R=9, η=3, two brackets: 9 trials at 1, 3, 9 and ⌈3/2 · 3⌉ = 5 trials at 3, 9.
        Scheduler hyperband = Schedulers.hyperband(new HyperbandOptions(1, 9, 3, 0, 2, 14));
        for (int t = 0; t < 14; t++) {
            assertThat(hyperband.next()).isEqualTo(new Decision.Start(t, t < 9 ? 0 : 1, t < 9 ? new Rung(0, 1) : new Rung(0, 3)));
        }
        for (int t = 0; t < 14; t++) {
            hyperband.report(t, t < 9 ? new Rung(0, 1) : new Rung(0, 3), t);
        }
        // Bracket 0's rung at resource 1 has 3 promotable trials (8, 7, 6); bracket 1's at resource 3 has 1 (13).
        assertThat(hyperband.next()).isEqualTo(new Decision.Promote(13, 1, new Rung(0, 3), new Rung(1, 9)));
        assertThat(hyperband.next()).isEqualTo(new Decision.Promote(8, 0, new Rung(0, 1), new Rung(1, 3)));
        assertThat(hyperband.next()).isEqualTo(new Decision.Promote(7, 0, new Rung(0, 1), new Rung(1, 3)));
        assertThat(hyperband.next()).isEqualTo(new Decision.Promote(6, 0, new Rung(0, 1), new Rung(1, 3)));
        assertThat(hyperband.next()).isEqualTo(new Decision.Wait());
    }
}
