package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ReplayTest {

    static Stream<SchedulerSpec> specs() {
        return Stream.of(
                new NoneOptions(9, 12),
                new ShaOptions(1, 27, 3, 0, 30),
                new AshaOptions(1, 27, 3, 0, 50),
                new AshaOptions(2, 30, 2, 1, 40),
                new HyperbandOptions(1, 27, 3, 0, 4, 70));
    }

    /**
     * Runs a study with failures and redelivered reports, then, at random cut points, restores a
     * scheduler from the facts recorded so far and repeats the remaining calls on it: every answer of
     * next(), every isStopped and the final facts must equal the live run's.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void aSchedulerRestoredFromItsFactsAnswersAsTheLiveOne(SchedulerSpec spec) {
        for (long seed = 0; seed < 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] quality = random.doubles(spec.maxTrials()).toArray();
            Scheduler live = Schedulers.create(spec);
            SimulatedStudy study = new SimulatedStudy(live, 5, (t, r) -> quality[t] * r / (r + 3.0) + 0.01 * Math.sin(t * r),
                    t -> quality[t] < 0.1, 0.2, seed, new SimulatedStudy.Observer() {
                    }).run();

            for (int cut = -1; cut < study.ops.size(); cut += 1 + random.nextInt(Math.max(1, study.ops.size() / 12))) {
                int known = cut < 0 ? 0 : study.factCounts.get(cut);
                Scheduler restored = Schedulers.restore(spec, List.copyOf(live.facts().subList(0, known)));
                for (int i = cut + 1; i < study.ops.size(); i++) {
                    SimulatedStudy.Op op = study.ops.get(i);
                    if (op instanceof SimulatedStudy.Next n) {
                        assertThat(restored.next()).as("op %d after restoring at %d", i, cut).isEqualTo(n.answer());
                    } else if (op instanceof SimulatedStudy.Report r) {
                        restored.report(r.trial(), r.rung(), r.score());
                    } else if (op instanceof SimulatedStudy.Fail f) {
                        restored.fail(f.trial(), f.rung());
                    }
                    List<Boolean> stopped = study.stopped.get(i);
                    assertThat(SimulatedStudy.stoppedTrials(restored, stopped.size())).as("isStopped after op %d, restored at %d", i, cut).isEqualTo(stopped);
                }
                assertThat(restored.facts()).isEqualTo(live.facts());
            }
        }
    }

    @Test
    void factsOfAnotherSpecAreRefusedNamingTheFirstThatDoesNotFit() {
        Scheduler asha = Schedulers.asha(new AshaOptions(1, 27, 3, 0, 10));
        asha.next();

        assertThatThrownBy(() -> Schedulers.restore(new AshaOptions(2, 27, 3, 0, 10), asha.facts()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fact 0 (Started[trialNumber=0, bracket=0, rung=Rung[index=0, resource=1]]) does not follow the facts before it: "
                        + "trial 0 starts in bracket 0 at Rung[index=0, resource=2]");
        assertThatThrownBy(() -> Schedulers.restore(new AshaOptions(1, 27, 3, 0, 10), List.of(new Fact.Reported(0, new Rung(0, 1), 0.5))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("trial 0 was never started");
    }
}
