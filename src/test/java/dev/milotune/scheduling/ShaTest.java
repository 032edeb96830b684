package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShaTest {

    /** Scores of 27 trials on curves with random asymptotes and noise, so ranks change between rungs. */
    private static double[][] curves(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] scores = new double[27][28];
        for (int t = 0; t < 27; t++) {
            double asymptote = random.nextDouble();
            for (int r = 1; r <= 27; r++) {
                scores[t][r] = asymptote * (1 - Math.exp(-r / 5.0)) + 0.1 * random.nextDouble();
            }
        }
        return scores;
    }

    /** The top {@code count} of {@code trials} by their score at {@code resource}, computed by hand. */
    private static Set<Integer> top(Set<Integer> trials, double[][] scores, int resource, int count) {
        return trials.stream().sorted(Comparator.comparingDouble((Integer t) -> scores[t][resource]).reversed())
                .limit(count).collect(Collectors.toSet());
    }

    private static Set<Integer> promotedTo(SimulatedStudy study, int rung) {
        return study.decisions.stream().filter(d -> d instanceof Decision.Promote p && p.to().index() == rung)
                .map(d -> ((Decision.Promote) d).trialNumber()).collect(Collectors.toSet());
    }

    @Test
    void twentySevenConfigurationsGiveNineThenThreeThenOne() {
        for (long seed = 0; seed < 5; seed++) {
            double[][] scores = curves(seed);
            Scheduler sha = Schedulers.sha(new ShaOptions(1, 27, 3, 0, 27));
            List<Integer> reportsAtFirstPromotion = new ArrayList<>();
            List<Set<Integer>> stoppedAtFirstPromotion = new ArrayList<>();
            int[] reports = new int[4];
            SimulatedStudy.Observer observer = new SimulatedStudy.Observer() {
                @Override
                public void reported(int trial, Rung rung, double score) {
                    reports[rung.index()]++;
                }

                @Override
                public void decided(Decision d) {
                    if (d instanceof Decision.Promote p) {
                        // Synchronous: every trial of the rung has reported before any promotion from it.
                        assertThat(reports[p.from().index()]).as("reports at rung %d before promoting from it", p.from().index())
                                .isEqualTo(new int[] {27, 9, 3}[p.from().index()]);
                        if (reportsAtFirstPromotion.isEmpty()) {
                            reportsAtFirstPromotion.add(reports[0]);
                            stoppedAtFirstPromotion.add(IntStream.range(0, 27).filter(sha::isStopped).boxed().collect(Collectors.toSet()));
                        }
                    }
                }
            };
            SimulatedStudy study = new SimulatedStudy(sha, 5, (t, r) -> scores[t][r], t -> false, 0, seed, observer).run();

            Set<Integer> all = IntStream.range(0, 27).boxed().collect(Collectors.toSet());
            Set<Integer> nine = top(all, scores, 1, 9);
            Set<Integer> three = top(nine, scores, 3, 3);
            Set<Integer> one = top(three, scores, 9, 1);
            assertThat(promotedTo(study, 1)).isEqualTo(nine);
            assertThat(promotedTo(study, 2)).isEqualTo(three);
            assertThat(promotedTo(study, 3)).isEqualTo(one);
            assertThat(study.decisions).as("slots wait while a rung is incomplete").contains(new Decision.Wait());

            Set<Integer> notNine = new HashSet<>(all);
            notNine.removeAll(nine);
            assertThat(stoppedAtFirstPromotion.get(0)).as("rung 0 closed: the 18 others are stopped").isEqualTo(notNine);
            Set<Integer> stoppedAtEnd = new HashSet<>(all);
            stoppedAtEnd.removeAll(one);
            assertThat(IntStream.range(0, 27).filter(sha::isStopped).boxed().collect(Collectors.toSet())).isEqualTo(stoppedAtEnd);
        }
    }

    @Test
    void aTrialIsStoppedAsSoonAsItCannotMakeTheTopNineEvenBeforeItsRungCloses() {
        Scheduler sha = Schedulers.sha(new ShaOptions(1, 27, 3, 0, 27));
        for (int t = 0; t < 27; t++) {
            sha.next();
        }
        Rung bottom = new Rung(0, 1);
        for (int t = 0; t < 18; t++) {
            sha.report(t, bottom, 100 - t);
        }
        // 18 of 27 reported, 9 still training: the rung will hold 27 and keep 9, and new entrants can
        // only push a trial down, so trials ranked 10th to 18th (17 down to 9) are out already.
        assertThat(IntStream.range(0, 27).filter(sha::isStopped).boxed()).containsExactlyInAnyOrder(9, 10, 11, 12, 13, 14, 15, 16, 17);
        sha.report(18, bottom, 200);
        // Trial 18 ranks first: trial 8 is now 10th.
        assertThat(IntStream.range(0, 27).filter(sha::isStopped).boxed()).containsExactlyInAnyOrder(8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
        assertThat(sha.next()).as("rung 0 is not closed").isEqualTo(new Decision.Wait());
    }

    @Test
    void failedTrialsFillTheirRungAndTheBestHealthyOnesArePromoted() {
        double[][] scores = curves(7);
        Scheduler sha = Schedulers.sha(new ShaOptions(1, 27, 3, 0, 27));
        SimulatedStudy study = new SimulatedStudy(sha, 4, (t, r) -> scores[t][r], t -> t % 9 == 0, 0, 7, new SimulatedStudy.Observer() {
        }).run();

        Set<Integer> healthy = IntStream.range(0, 27).filter(t -> t % 9 != 0).boxed().collect(Collectors.toSet());
        assertThat(promotedTo(study, 1)).isEqualTo(top(healthy, scores, 1, 9));
        assertThat(study.decisions.get(study.decisions.size() - 1)).isEqualTo(new Decision.Done());
    }
}
