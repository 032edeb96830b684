package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AshaTest {

    static final Rung R1 = new Rung(0, 1);
    static final Rung R3 = new Rung(1, 3);
    static final Rung R9 = new Rung(2, 9);
    static final Rung R27 = new Rung(3, 27);

    private static Set<Integer> stopped(Scheduler s, int trials) {
        return IntStream.range(0, trials).filter(s::isStopped).boxed().collect(Collectors.toSet());
    }

    @Test
    void aHandComputedRunOfSixTrials() {
        // r=1, R=9, η=3: rungs 1, 3, 9. One worker, so each decision is followed by its report.
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 9, 3, 0, 6));
        assertThat(asha.rungs(0)).containsExactly(R1, R3, R9);

        assertThat(asha.next()).isEqualTo(new Decision.Start(0, 0, R1));
        asha.report(0, R1, 0.5);
        assertThat(asha.next()).isEqualTo(new Decision.Start(1, 0, R1));
        asha.report(1, R1, 0.2);
        assertThat(stopped(asha, 2)).as("4 trials may still come: top ⌊(2+4)/3⌋ = 2 keeps both").isEmpty();
        assertThat(asha.next()).isEqualTo(new Decision.Start(2, 0, R1));
        asha.report(2, R1, 0.8);
        // Rung 1 holds 0.8, 0.5, 0.2: the top ⌊3/3⌋ = 1 is trial 2. Trial 1 is third and at most 3 more
        // trials come: it can never be within the top ⌊6/3⌋ = 2.
        assertThat(stopped(asha, 3)).containsExactly(1);
        assertThat(asha.next()).isEqualTo(new Decision.Promote(2, 0, R1, R3));
        asha.report(2, R3, 0.85);
        // Nothing promotable: rung 0's top 1 is promoted, rung 1 has one trial (⌊1/3⌋ = 0).
        assertThat(asha.next()).isEqualTo(new Decision.Start(3, 0, R1));
        asha.report(3, R1, 0.6);
        assertThat(stopped(asha, 4)).as("trial 0 is now third of four with two to come").containsExactlyInAnyOrder(0, 1);
        assertThat(asha.next()).isEqualTo(new Decision.Start(4, 0, R1));
        asha.report(4, R1, 0.9);
        assertThat(asha.next()).as("top ⌊5/3⌋ = 1 of rung 0 is trial 4").isEqualTo(new Decision.Promote(4, 0, R1, R3));
        asha.report(4, R3, 0.95);
        assertThat(stopped(asha, 5)).as("trial 2 trails trial 4 in rung 1, which can reach at most 3 trials").containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(asha.next()).isEqualTo(new Decision.Start(5, 0, R1));
        assertThat(asha.next()).as("all 6 started, trial 5 training").isEqualTo(new Decision.Wait());
        asha.report(5, R1, 0.1);
        // Rung 0: top ⌊6/3⌋ = 2 (trials 4, 2) both promoted; rung 1: ⌊2/3⌋ = 0. Nothing reaches R.
        assertThat(asha.next()).isEqualTo(new Decision.Done());
        assertThat(asha.next()).isEqualTo(new Decision.Done());
        assertThat(stopped(asha, 6)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void withTrialsArrivingBestFirstAshaPromotesExactlyTheTopThirdOfEachRung() {
        // r=1, R=27, η=3, one worker; trial t scores -t at every rung (earlier trials are better).
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 27, 3, 0, 27));
        assertThat(asha.rungs(0)).containsExactly(R1, R3, R9, R27);
        PromotionOracle oracle = new PromotionOracle(asha, 3);
        SimulatedStudy study = new SimulatedStudy(asha, 1, (t, r) -> -t, t -> false, 0, 0, oracle).run();

        assertThat(IntStream.range(0, 4).mapToLong(k -> study.reached(0, k)).toArray()).containsExactly(27, 9, 3, 1);
        assertThat(promotedTo(study, 1)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(promotedTo(study, 2)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(promotedTo(study, 3)).containsExactly(0);
        assertThat(stopped(asha, 27)).hasSize(26).doesNotContain(0);
    }

    private static List<Integer> promotedTo(SimulatedStudy study, int rung) {
        return study.decisions.stream().filter(d -> d instanceof Decision.Promote p && p.to().index() == rung)
                .map(d -> ((Decision.Promote) d).trialNumber()).toList();
    }

    @Test
    void onRandomCurvesWithFourWorkersEveryDecisionFollowsThePromotionRule() {
        for (long seed = 0; seed < 5; seed++) {
            double[] quality = new SplittableRandom(seed).doubles(60).toArray();
            SplittableRandom noise = new SplittableRandom(seed + 100);
            double[][] scores = new double[60][28];
            for (int t = 0; t < 60; t++) {
                for (int r = 1; r <= 27; r++) {
                    scores[t][r] = quality[t] * (1 - 1.0 / (r + 1)) + 0.05 * noise.nextDouble();
                }
            }
            Scheduler asha = Schedulers.asha(new AshaOptions(1, 27, 3, 0, 60));
            PromotionOracle oracle = new PromotionOracle(asha, 3);
            SimulatedStudy study = new SimulatedStudy(asha, 4, (t, r) -> scores[t][r], t -> false, 0, seed, oracle).run();

            oracle.assertTopOfEveryRungPromoted();
            assertThat(study.reached(0, 0)).isEqualTo(60);
            assertThat(study.reached(0, 1)).isGreaterThanOrEqualTo(20);
            assertThat(study.reached(0, 3)).isGreaterThanOrEqualTo(2);
            // Done only once nothing can ever be promoted: every trial below the top rung is stopped.
            for (int t = 0; t < 60; t++) {
                int trial = t;
                boolean atTop = study.decisions.stream().anyMatch(d -> d instanceof Decision.Promote p && p.trialNumber() == trial && p.to().index() == 3);
                assertThat(asha.isStopped(t)).as("trial %d", t).isEqualTo(!atTop);
            }
        }
    }

    @Test
    void failedTrialsCountInTheirRungButAreNeverPromoted() {
        // The three best trials fail at the bottom rung.
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 27, 3, 0, 27));
        PromotionOracle oracle = new PromotionOracle(asha, 3);
        SimulatedStudy study = new SimulatedStudy(asha, 3, (t, r) -> -t, t -> t < 3, 0, 0, oracle).run();

        assertThat(study.decisions).noneMatch(d -> d instanceof Decision.Promote p && p.trialNumber() < 3);
        // They count: 27 entries in rung 0, so 9 promotions, to trials 3..11.
        assertThat(promotedTo(study, 1)).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(asha.isStopped(0)).as("failed, not stopped").isFalse();
        assertThat(asha.facts()).contains(new Fact.Failed(0, R1));
    }

    @Test
    void aSecondReportIsIgnoredAndAReportForAnotherRungIsRefused() {
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 9, 3, 0, 6));
        asha.next();
        asha.report(0, R1, 0.5);
        asha.report(0, R1, 0.9);
        asha.fail(0, R1);

        assertThat(asha.facts()).containsExactly(new Fact.Started(0, 0, R1), new Fact.Reported(0, R1, 0.5));
        assertThatThrownBy(() -> asha.report(0, R3, 0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("trial 0 was not sent to rung 1; it was last sent to rung 0");
        assertThatThrownBy(() -> asha.report(0, new Rung(1, 4), 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rung is Rung[index=1, resource=4], but trial 0 of bracket 0 has the rungs");
        assertThatThrownBy(() -> asha.report(7, R1, 0.5)).isInstanceOf(IllegalStateException.class).hasMessage("trial 7 was never started");
        assertThatThrownBy(() -> asha.rungs(1)).isInstanceOf(IllegalArgumentException.class).hasMessage("bracket is 1, but must be in [0, 1)");
    }

    @Test
    void aNanScoreRanksLastAndIsNeverPromoted() {
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 9, 3, 0, 3));
        for (int t = 0; t < 3; t++) {
            asha.next();
        }
        asha.report(0, R1, Double.NaN);
        asha.report(1, R1, Double.NaN);
        asha.report(2, R1, Double.NaN);

        assertThat(asha.next()).isEqualTo(new Decision.Done());
        assertThat(stopped(asha, 3)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void withoutSchedulingEveryTrialTrainsToROnce() {
        Scheduler none = Schedulers.none(3, 20);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            decisions.add(none.next());
        }
        assertThat(decisions).containsExactly(new Decision.Start(0, 0, new Rung(0, 20)), new Decision.Start(1, 0, new Rung(0, 20)),
                new Decision.Start(2, 0, new Rung(0, 20)), new Decision.Wait());
        none.report(0, new Rung(0, 20), 0.1);
        none.fail(1, new Rung(0, 20));
        none.report(2, new Rung(0, 20), 0.3);
        assertThat(none.next()).isEqualTo(new Decision.Done());
        assertThat(stopped(none, 3)).isEmpty();
    }
}
