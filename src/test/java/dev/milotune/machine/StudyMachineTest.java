package dev.milotune.machine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.study.StudyPhase;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import dev.milotune.study.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The study state machine alone: a simulated fleet with a settable clock plays the workers, an
 * in-memory store applies the ledger's rules (every save a compare-and-set). No broker, no database,
 * no waiting.
 */
class StudyMachineTest {

    static final String ASHA = """
            {"name": "sim", "dataset": {"name": "fixture-fashion-mnist"}, "model": {"family": "mlp", "epochs": 9},
             "searchSpace": {"lr": {"type": "float", "low": 0.0001, "high": 1.0, "log": true}},
             "sampler": {"type": "tpe", "startupTrials": 4}, "scheduler": {"type": "asha", "r": 1, "R": 9, "eta": 3},
             "maxTrials": 24, "maxConcurrentTrials": 4, "subset": {"strategy": "full"},
             "finalRetrain": {"enabled": true, "repeats": 2}}""";

    static final SimulatedFleet.Curve CURVE = (quality, epoch) -> 0.1 + 0.8 * quality * (1 - Math.exp(-(epoch + 1) / 3.0));

    @Test
    void aStudySearchesRetrainsAndCompletesWithEveryChangeStoredAsACompareAndSet() {
        SimulatedFleet sim = new SimulatedFleet(ASHA, 7, 4, CURVE);
        assertThat(sim.run(1_000_000)).isTrue();

        var study = sim.store.studies.get("study-1");
        assertThat(study.state()).isEqualTo(StudyState.COMPLETED);
        assertThat(study.phase()).isEqualTo(StudyPhase.DONE);
        assertThat(study.finalTestAccuracy()).contains(0.8);
        List<Trial> trials = sim.store.trialsOf("study-1");
        List<Trial> search = trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).toList();
        List<Trial> retrains = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).toList();
        assertThat(search).hasSize(24);
        assertThat(retrains).hasSize(2).allMatch(t -> t.state() == TrialState.COMPLETED && t.testAccuracy().isPresent());
        assertThat(retrains).allMatch(t -> t.configuration().equals(trials.stream().filter(s -> s.id().equals(study.bestTrialId()
                .orElseThrow())).findFirst().orElseThrow().configuration()));
        assertThat(search).allMatch(t -> t.state() == TrialState.COMPLETED || t.state() == TrialState.PRUNED);
        assertThat(search).filteredOn(t -> t.state() == TrialState.COMPLETED).isNotEmpty().allMatch(t -> t.epochsDone() == 9 && t.rung() == 2);
        assertThat(search).filteredOn(t -> t.state() == TrialState.PRUNED).isNotEmpty().allMatch(t -> t.rung() < 2);
        for (Trial t : trials) {
            coversEveryEpochOnce(sim.store.reportsOf(t.id()), t);
        }
        assertThat(sim.maxInFlight).isLessThanOrEqualTo(4);
        // The study's best is the leaderboard's first, at the top rung.
        Trial best = Leaderboard.rank(search, sim.spec.objective().direction()).get(0);
        assertThat(study.bestTrialId()).contains(best.id());
        assertThat(best.rung()).isEqualTo(2);
        // Events say what happened, in order: the last ones end the study.
        List<StudyEvent> events = sim.store.events;
        assertThat(events.get(events.size() - 1)).isEqualTo(new StudyEvent.StateChanged("study-1", StudyState.COMPLETED, null,
                study.finishedAt().orElseThrow()));
        assertThat(events).filteredOn(StudyEvent.PhaseChanged.class::isInstance)
                .extracting(e -> ((StudyEvent.PhaseChanged) e).phase()).containsExactly(StudyPhase.RETRAINING, StudyPhase.DONE);
    }

    /** Reports of the final attempt cover every epoch from the segments' start to epochsDone - 1, each once. */
    private static void coversEveryEpochOnce(List<TrialReport> reports, Trial t) {
        List<Integer> epochs = reports.stream().filter(r -> r.attempt() == t.attempt()).map(TrialReport::epoch).toList();
        assertThat(epochs).as("epochs of trial %d", t.number()).doesNotHaveDuplicates();
        if (t.epochsDone() > 0) {
            int first = epochs.isEmpty() ? 0 : epochs.stream().mapToInt(Integer::intValue).min().orElseThrow();
            assertThat(epochs).as("epochs of trial %d", t.number())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(first, t.epochsDone()).boxed().toList());
        }
    }

    static final String DATA_FIDELITY = ASHA.replace("\"scheduler\": {\"type\": \"asha\", \"r\": 1, \"R\": 9, \"eta\": 3}",
            "\"scheduler\": {\"type\": \"asha\", \"eta\": 3, \"fidelity\": \"data\"}")
            .replace("\"model\": {\"family\": \"mlp\", \"epochs\": 9}", "\"model\": {\"family\": \"mlp\", \"epochs\": 3}")
            .replace("\"subset\": {\"strategy\": \"full\"}", "\"subset\": {\"strategy\": \"random\", \"fraction\": 0.1}");

    @Test
    void dataFidelityTrainsEveryPromotionAsANewRunThatCountsAtItsRung() {
        SimulatedFleet sim = new SimulatedFleet(DATA_FIDELITY, 7, 4, CURVE);
        assertThat(sim.run(1_000_000)).isTrue();
        List<Trial> search = sim.store.trialsOf("study-1").stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).toList();
        List<Trial> promoted = search.stream().filter(t -> t.rung() > 0).toList();
        assertThat(promoted).isNotEmpty();
        for (Trial t : promoted) {
            // Each rung was its own run of 3 epochs, reported under its own attempts: rung k from k * 3.
            List<TrialReport> reports = sim.store.reportsOf(t.id());
            for (int rung = 0; rung <= t.rung(); rung++) {
                int attempt = rung * 3;
                assertThat(reports.stream().filter(r -> r.attempt() == attempt).map(TrialReport::epoch).toList())
                        .as("trial %d's run at rung %d", t.number(), rung).containsExactly(0, 1, 2);
            }
            assertThat(t.bestValue()).as("trial %d's value at its rung", t.number()).isPresent();
            assertThat(t.epochsDone()).isEqualTo(3);
        }
        // The scheduler heard each promoted run's own score at its rung.
        long reportedAbove = sim.store.facts.get("study-1").stream()
                .filter(f -> f instanceof dev.milotune.scheduling.Fact.Reported r && r.rung().index() > 0 && Double.isFinite(r.score()))
                .count();
        assertThat(reportedAbove).isEqualTo(promoted.stream().mapToInt(Trial::rung).sum());
        Trial best = Leaderboard.rank(search, sim.spec.objective().direction()).get(0);
        assertThat(best.rung()).isEqualTo(promoted.stream().mapToInt(Trial::rung).max().orElseThrow());
        // The runs trained on growing data: 10 %, 30 %, 90 %, then everything.
        assertThat(sim.store.queued.stream().map(q -> Math.round(q.work().subset().fraction() * 100)).distinct().sorted().toList())
                .containsExactly(10L, 30L, 90L, 100L);
    }

    @Test
    void theLeadersAreCheckedOnFullDataAndTheBestCheckIsRetrained() {
        // On the subset, the curve rewards a learning rate near 0.01; on full data the fleet reports
        // the checks' accuracy from the same curve, so the study's checks can disagree with its ranks.
        String spec = ASHA.replace("\"subset\": {\"strategy\": \"full\"}", "\"subset\": {\"strategy\": \"random\", \"fraction\": 0.1}")
                .replace("\"finalRetrain\"", "\"finalSelection\": {\"topK\": 3, \"epochs\": 1}, \"objective\": {\"validationSample\": 0.2}, \"finalRetrain\"");
        SimulatedFleet sim = new SimulatedFleet(spec, 7, 4, CURVE);
        assertThat(sim.run(1_000_000)).isTrue();

        List<Trial> trials = sim.store.trialsOf("study-1");
        List<Trial> search = trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).toList();
        List<Trial> checks = trials.stream().filter(t -> t.purpose() == Trial.Purpose.CHECK).toList();
        List<Trial> retrains = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).toList();
        // The three best distinct configurations of the leaderboard, each checked once for one epoch on full data.
        List<Trial> leaders = FinalSelection.leaders(search, sim.spec.objective().direction(), 3);
        assertThat(checks).extracting(Trial::configuration).containsExactlyElementsOf(leaders.stream().map(Trial::configuration).toList());
        assertThat(checks).allMatch(t -> t.state() == TrialState.COMPLETED && t.epochsDone() == 1 && t.bestValue().isPresent());
        // The retrain trains the best check's configuration.
        Trial best = FinalSelection.choice(checks, sim.spec.objective().direction()).orElseThrow();
        assertThat(retrains).hasSize(2).allMatch(t -> t.configuration().equals(best.configuration()));
        // Checks and retrains train on everything, validated on everything; low rungs validate on the sample, the top on all.
        List<Command.Queue> queued = sim.store.queued;
        assertThat(queued).filteredOn(q -> q.trial().purpose() != Trial.Purpose.SEARCH)
                .allMatch(q -> q.work().subset().fraction() == 1.0 && q.work().validationSample() == 1.0);
        assertThat(queued).filteredOn(q -> q.trial().purpose() == Trial.Purpose.SEARCH && q.work().rung() < 2)
                .isNotEmpty().allMatch(q -> q.work().validationSample() == 0.2);
        assertThat(queued).filteredOn(q -> q.trial().purpose() == Trial.Purpose.SEARCH && q.work().rung() == 2)
                .isNotEmpty().allMatch(q -> q.work().validationSample() == 1.0);
        assertThat(sim.store.events).filteredOn(StudyEvent.PhaseChanged.class::isInstance)
                .extracting(e -> ((StudyEvent.PhaseChanged) e).phase())
                .containsExactly(StudyPhase.CHECKING, StudyPhase.RETRAINING, StudyPhase.DONE);
        // Each check's value pairs with its configuration's subset scores.
        Agreement agreement = Agreement.of(sim.store.facts.get("study-1"), trials, sim.spec.objective().direction(), Optional.empty());
        assertThat(agreement.rungs()).isNotEmpty().allMatch(r -> r.pairs() <= 3);
    }

    @Test
    void everyMessageDeliveredTwiceChangesNothing() {
        SimulatedFleet once = new SimulatedFleet(ASHA, 11, 4, CURVE);
        once.run(1_000_000);
        SimulatedFleet twice = new SimulatedFleet(ASHA, 11, 4, CURVE);
        twice.duplicateEverything = true;
        twice.run(1_000_000);

        assertThat(summary(twice)).isEqualTo(summary(once));
        assertThat(twice.store.reports).hasSameSizeAs(once.store.reports);
        assertThat(twice.store.facts).isEqualTo(once.store.facts);
    }

    @Test
    void aRestartAtAnyPointEndsAsIfThereWasNone() {
        SimulatedFleet straight = new SimulatedFleet(ASHA, 5, 4, CURVE);
        straight.run(1_000_000);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5; i++) {
            SimulatedFleet cut = new SimulatedFleet(ASHA, 5, 4, CURVE);
            int at = random.nextInt(50, straight.commandsApplied);
            cut.run(at);
            cut.restart();
            assertThat(cut.run(1_000_000)).isTrue();
            // The same configurations reach the same rungs: nothing is lost, nothing repeated.
            assertThat(configurationsByRung(cut)).as("restart after %d commands", at).isEqualTo(configurationsByRung(straight));
            for (Trial t : cut.store.trialsOf("study-1")) {
                assertThat(cut.store.reportsOf(t.id()).stream().filter(r -> r.attempt() == t.attempt()).map(TrialReport::epoch).toList())
                        .doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void segmentsStoredButNeverSentBeforeARestartAreSentAgainAtOnce() {
        SimulatedFleet straight = new SimulatedFleet(ASHA, 5, 4, CURVE);
        straight.run(1_000_000);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 5; i++) {
            SimulatedFleet cut = new SimulatedFleet(ASHA, 5, 4, CURVE);
            cut.run(random.nextInt(50, straight.commandsApplied));
            assertThat(cut.lastQueued()).isNotEmpty();
            cut.restartLosingLastSends();
            assertThat(cut.run(1_000_000)).isTrue();
            assertThat(cut.store.trialsOf("study-1")).hasSameSizeAs(straight.store.trialsOf("study-1"));
            // Sent again as the same attempt at the restart, not retried after the queue lease (30 min).
            assertThat(cut.store.trialsOf("study-1")).allSatisfy(t -> assertThat(t.attempt()).as("attempt of %s", t.number()).isZero());
            assertThat(cut.now).isBefore(straight.now.plus(java.time.Duration.ofMinutes(5)));
        }
    }

    @Test
    void aLostSegmentIsRetriedAfterItsLeaseAndAQueuedOneWaitsForAWorker() {
        SimulatedFleet sim = new SimulatedFleet(ASHA, 13, 4, CURVE);
        // The worker of trial 2's first attempt dies as it starts; so do all three attempts of trial 5.
        sim.dies = q -> (q.trial().number() == 2 && q.trial().attempt() == 0) || q.trial().number() == 5;
        assertThat(sim.run(1_000_000)).isTrue();

        List<Trial> trials = sim.store.trialsOf("study-1");
        Trial two = trials.get(2);
        assertThat(two.attempt()).isEqualTo(1);
        assertThat(two.state()).isIn(TrialState.COMPLETED, TrialState.PRUNED);
        Trial five = trials.get(5);
        assertThat(five.state()).isEqualTo(TrialState.FAILED);
        assertThat(five.error()).hasValueSatisfying(e -> assertThat(e).startsWith("gave up after 3 attempts; last: lease expired"));
        assertThat(sim.store.studies.get("study-1").state()).isEqualTo(StudyState.COMPLETED);
        List<StudyEvent.TrialRetried> retries = sim.store.events.stream().filter(StudyEvent.TrialRetried.class::isInstance)
                .map(StudyEvent.TrialRetried.class::cast).toList();
        assertThat(retries).extracting(StudyEvent.TrialRetried::trialId).containsExactly(two.id(), five.id(), five.id());
    }

    @Test
    void queueAndRunLeases() {
        SimulatedFleet sim = new SimulatedFleet(ASHA, 13, 1, CURVE);
        StudyMachine m = sim.machine;
        Instant t0 = SimulatedFleet.T0;
        sim.apply(m.next(t0, 1));
        Trial queued = m.trials().get(0);
        assertThat(queued.state()).isEqualTo(TrialState.QUEUED);

        // Queued, not started: the queue lease (30 min) holds however long no worker takes it.
        assertThat(m.expire(t0.plus(Duration.ofMinutes(29)))).isEmpty();
        // Started: a run lease of 20 s from the first sign of life.
        Instant start = t0.plus(Duration.ofMinutes(29));
        sim.apply(m.on(new Signal.Alive(queued.id(), 0, 0), start));
        Trial running = m.trial(queued.id()).orElseThrow();
        assertThat(running.state()).isEqualTo(TrialState.RUNNING);
        assertThat(running.segment().orElseThrow().leaseExpiresAt()).isEqualTo(start.plusSeconds(20));
        assertThat(m.expire(start.plusSeconds(19))).isEmpty();
        // Silent for longer than the lease: attempt 1 is queued.
        List<Command> expired = m.expire(start.plusSeconds(21));
        sim.apply(expired);
        assertThat(expired).filteredOn(Command.Queue.class::isInstance).hasSize(1);
        Trial again = m.trial(queued.id()).orElseThrow();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.state()).isEqualTo(TrialState.QUEUED);
        Instant requeued = again.segment().orElseThrow().leaseExpiresAt();
        // A worker still on attempt 0 keeps attempt 1 alive but never shortens its wait.
        sim.apply(m.on(new Signal.Alive(queued.id(), 0, 0), start.plusSeconds(30)));
        assertThat(m.trial(queued.id()).orElseThrow().segment().orElseThrow().leaseExpiresAt()).isEqualTo(requeued);
        assertThat(m.trial(queued.id()).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
        // The late report of attempt 0 counts as time spent, not as a result.
        sim.apply(m.on(new Signal.Epoch(queued.id(), 0, 0, 0.5, 0.5, 0.9, Map.of(), 2.5, 100, "cpu", "w", start), start.plusSeconds(31)));
        Trial after = m.trial(queued.id()).orElseThrow();
        assertThat(after.bestValue()).isEmpty();
        assertThat(after.trainingSeconds()).isEqualTo(2.5);
    }

    @Test
    void aRebuiltMachineDoesNotExpireSegmentsThatOnlyHeartbeatsKeptAlive() {
        SimulatedFleet sim = new SimulatedFleet(ASHA, 19, 1, CURVE);
        StudyMachine m = sim.machine;
        Instant t0 = SimulatedFleet.T0;
        sim.apply(m.next(t0, 1));
        Trial trial = m.trials().get(0);
        sim.apply(m.on(new Signal.Alive(trial.id(), 0, 0), t0));
        // A long epoch: only heartbeats for a minute, and those renew the lease in memory, not in the store.
        for (int s = 5; s <= 60; s += 5) {
            sim.apply(m.on(new Signal.Alive(trial.id(), 0, 0), t0.plusSeconds(s)));
        }
        assertThat(sim.store.trials.get(trial.id()).segment().orElseThrow().leaseExpiresAt()).isBefore(t0.plusSeconds(60));
        assertThat(m.expire(t0.plusSeconds(61))).isEmpty();
        // Rebuilt from the store (after a failed transaction): the segment gets a fresh lease, not the stored one.
        sim.now = t0.plusSeconds(61);
        StudyMachine rebuilt = sim.resume();
        assertThat(rebuilt.expire(t0.plusSeconds(61))).isEmpty();
        assertThat(rebuilt.expire(t0.plusSeconds(82))).isNotEmpty();
    }

    @Test
    void aCancelEndsTheStudyAndEveryTrialAndLaterMessagesChangeNothing() {
        SimulatedFleet sim = new SimulatedFleet(ASHA, 17, 4, CURVE);
        sim.run(200);
        Instant at = sim.now.plusSeconds(1);
        sim.apply(sim.machine.cancel(at));
        assertThat(sim.store.studies.get("study-1").state()).isEqualTo(StudyState.CANCELLED);
        assertThat(sim.store.studies.get("study-1").phase()).isEqualTo(StudyPhase.DONE);
        assertThat(sim.store.trialsOf("study-1")).allMatch(t -> t.state().isTerminal());
        Trial any = sim.store.trialsOf("study-1").get(0);
        assertThat(sim.machine.on(new Signal.Ended(any.id(), any.attempt(), 1, Signal.Outcome.COMPLETED, null, "c", null), at)).isEmpty();
        assertThat(sim.machine.next(at, 4)).isEmpty();
        assertThat(sim.machine.cancel(at)).isEmpty();
    }

    @Test
    void freeSlotsAreSharedInTurnSoALargeStudyCannotStarveASmallOne() {
        SimulatedFleet large = new SimulatedFleet(ASHA.replace("\"maxConcurrentTrials\": 4", "\"maxConcurrentTrials\": 100")
                .replace("\"maxTrials\": 24", "\"maxTrials\": 200"), 1, 100, CURVE);
        SimulatedFleet small = new SimulatedFleet(ASHA, 2, 4, CURVE);
        FairShare.Round round = FairShare.giveOut(List.of(large.machine, small.machine), 6, SimulatedFleet.T0);
        Map<String, Long> queued = round.commands().stream().filter(Command.Queue.class::isInstance)
                .collect(Collectors.groupingBy(c -> small.machine.trial(((Command.Queue) c).trial().id()).isPresent() ? "small" : "large",
                        Collectors.counting()));
        assertThat(queued).containsEntry("large", 3L).containsEntry("small", 3L);
        // With more slots than the small study may use, the large one takes the rest.
        FairShare.Round more = FairShare.giveOut(List.of(small.machine, large.machine), 20, SimulatedFleet.T0);
        assertThat(more.commands().stream().filter(Command.Queue.class::isInstance).count()).isEqualTo(20);
        assertThat(small.machine.inFlight()).isEqualTo(4);
        assertThat(large.machine.inFlight()).isEqualTo(3 + 19);
    }

    /** Each search trial's configuration, state and rung, by number; and the retrained configuration. */
    private static List<String> summary(SimulatedFleet sim) {
        return sim.store.trialsOf("study-1").stream()
                .map(t -> t.number() + " " + t.purpose() + " " + t.configuration() + " " + t.state() + " " + t.rung() + " " + t.bestValue())
                .toList();
    }

    private static List<String> configurationsByRung(SimulatedFleet sim) {
        return sim.store.trialsOf("study-1").stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH)
                .map(t -> t.number() + " " + t.configuration() + " rung " + t.rung() + " " + t.state()).toList();
    }
}
