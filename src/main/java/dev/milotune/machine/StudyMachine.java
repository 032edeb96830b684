package dev.milotune.machine;

import dev.milotune.sampling.Sampler;
import dev.milotune.scheduling.Decision;
import dev.milotune.scheduling.Fact;
import dev.milotune.scheduling.Rung;
import dev.milotune.scheduling.Scheduler;
import dev.milotune.scheduling.Schedulers;
import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.ModelFamily;
import dev.milotune.study.Study;
import dev.milotune.study.StudyPhase;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import dev.milotune.study.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One running study as a pure state machine: it holds the study, its trials, its scheduler and
 * sampler in memory and answers every input with {@link Command commands} for its shell to store
 * and carry out. No I/O, no clock of its own (time is passed in), no framework: a simulated study
 * drives it in tests with a settable clock.
 *
 * <p>Phases ({@link StudyPhase}): SEARCHING while the scheduler starts and promotes trials; once it
 * is done and nothing is in flight, the leaderboard's first trial is retrained on full data
 * (RETRAINING), and when every retrain has ended the study completes (DONE). Inputs:
 * <ul>
 *   <li>{@link #next}: free worker slots; answers up to that many queued segments;
 *   <li>{@link #on}: what the workers report ({@link Signal});
 *   <li>{@link #expire}: the clock; segments whose lease ran out are retried or failed;
 *   <li>{@link #cancel}.
 * </ul>
 * Not thread-safe: the shell serialises calls per study.
 */
public final class StudyMachine {

    /** A report already applied: (trial, attempt, epoch). */
    public record ReportKey(String trialId, int attempt, int epoch) {
    }

    private final StudySpec spec;
    private final Scheduler scheduler;
    private final Sampler sampler;
    private final LeaseBook leases;
    private final RetryPolicy retries;
    private final Supplier<String> ids;
    private final Direction direction;
    private Study study;
    private int factsStored;
    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final Map<Integer, Trial> searchByNumber = new HashMap<>();
    private final Set<ReportKey> reported = new HashSet<>();
    /** Numbers of PAUSED search trials: the only ones the scheduler may later stop. */
    private final Set<Integer> paused = new TreeSet<>();
    private final SamplerHistory history = new SamplerHistory();
    private int nextNumber;
    private int inFlight;

    private StudyMachine(Study study, StudySpec spec, Scheduler scheduler, Sampler sampler, LeaseBook leases, RetryPolicy retries,
            Supplier<String> ids) {
        this.study = study;
        this.spec = spec;
        this.scheduler = scheduler;
        this.sampler = sampler;
        this.leases = leases;
        this.retries = retries;
        this.ids = ids;
        this.direction = spec.objective().direction();
    }

    /**
     * The machine of a running study, from what is stored: its trials, its scheduler's facts and the
     * keys of its reports. Segments in flight get a fresh lease of their kind (renewals are not
     * stored); after an orchestrator restart call {@link #requeueInFlight} as well.
     *
     * @param ids makes the ids of new trials
     */
    public static StudyMachine resume(Study study, StudySpec spec, List<Trial> stored, List<Fact> facts, Collection<ReportKey> reported,
            LeaseBook leases, RetryPolicy retries, Supplier<String> ids, Instant now) {
        if (study.state() != StudyState.RUNNING) {
            throw new IllegalArgumentException("study " + study.id() + " is " + study.state() + ", but only a running study has a machine");
        }
        Scheduler scheduler = Schedulers.restore(StudySetup.schedulerOptions(spec), facts);
        StudyMachine m = new StudyMachine(study, spec, scheduler, StudySetup.sampler(spec), leases, retries, ids);
        m.factsStored = facts.size();
        Map<Integer, Configuration> configurations = new HashMap<>();
        for (Trial t : stored) {
            Trial trial = t.inFlight() ? leases.refresh(t, now) : t;
            m.put(trial);
            m.nextNumber = Math.max(m.nextNumber, trial.number() + 1);
            if (trial.purpose() == Trial.Purpose.SEARCH) {
                configurations.put(trial.number(), trial.configuration());
                if (trial.state() == TrialState.PAUSED) {
                    m.paused.add(trial.number());
                }
            }
        }
        m.history.replay(facts, configurations);
        m.reported.addAll(reported);
        return m;
    }

    public Study study() {
        return study;
    }

    public StudySpec spec() {
        return spec;
    }

    public StudyPhase phase() {
        return study.phase();
    }

    /** The trials as the machine holds them, by number (leases included, which are not stored). */
    public List<Trial> trials() {
        return trials.values().stream().sorted(Comparator.comparingInt(Trial::number)).toList();
    }

    public Optional<Trial> trial(String trialId) {
        return Optional.ofNullable(trials.get(trialId));
    }

    /** Segments queued or running: the worker slots this study holds. */
    public int inFlight() {
        return inFlight;
    }

    /**
     * After an orchestrator restart: leases did not run while it was down (it heard no heartbeat), so
     * every segment in flight waits again as if just sent. A live worker's next heartbeat marks it
     * running; a worker that died with it left its task unacknowledged, and Kafka hands it to another.
     * A segment no worker had started may never have reached Kafka (the orchestrator stores a
     * decision before it sends the task, and may die in between), so its task is sent again, as the
     * same attempt: a worker that gets both copies trains it once.
     */
    public List<Command> requeueInFlight(Instant now) {
        List<Command> out = new ArrayList<>();
        for (Trial t : List.copyOf(trials.values())) {
            if (t.inFlight()) {
                boolean started = t.state() == TrialState.RUNNING;
                Trial again = leases.requeue(t, t.attempt(), now);
                save(t, again, out);
                if (!started) {
                    out.add(new Command.Queue(again, work(again, segmentRung(again))));
                }
            }
        }
        return out;
    }

    // ---- free slots --------------------------------------------------------------------------

    /** Up to {@code slots} segments to send now; none when the study must wait or is done. */
    public List<Command> next(Instant now, int slots) {
        List<Command> out = new ArrayList<>();
        int sent = 0;
        while (sent < slots && study.state() == StudyState.RUNNING && inFlight() < spec.maxConcurrentTrials()) {
            if (!step(now, out)) {
                break;
            }
            sent++;
        }
        return out;
    }

    /** Queues one segment, or moves the study on; false when nothing was queued. */
    private boolean step(Instant now, List<Command> out) {
        switch (study.phase()) {
            case SEARCHING -> {
                Decision decision = scheduler.next();
                if (decision instanceof Decision.Start start) {
                    startTrial(start, now, out);
                    return true;
                }
                if (decision instanceof Decision.Promote promote) {
                    promote(promote, now, out);
                    return true;
                }
                if (decision instanceof Decision.Done && inFlight() == 0) {
                    searchDone(now, out);
                    return study.phase() != StudyPhase.DONE && step(now, out);
                }
                return false;
            }
            case CHECKING, RETRAINING -> {
                Trial.Purpose purpose = study.phase() == StudyPhase.CHECKING ? Trial.Purpose.CHECK : Trial.Purpose.RETRAIN;
                Optional<Trial> pending = trials.values().stream()
                        .filter(t -> t.purpose() == purpose && t.state() == TrialState.PENDING).findFirst();
                if (pending.isEmpty()) {
                    return false;
                }
                Trial trial = pending.get();
                int epochs = purpose == Trial.Purpose.CHECK ? spec.finalSelection().epochs() : spec.model().epochs();
                Trial queued = leases.queue(trial, new Trial.Segment(0, 0, epochs, now), 0, now);
                queue(trial, queued, work(queued, null), now, out);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void startTrial(Decision.Start start, Instant now, List<Command> out) {
        Configuration configuration = sampler.suggest(start.trialNumber(), history.observations(), pendingConfigurations());
        Trial created = Trial.create(ids.get(), study.id(), start.trialNumber(), Trial.Purpose.SEARCH, configuration,
                StudySetup.trialSeed(study.seed(), start.trialNumber()), start.bracket(), now);
        nextNumber = Math.max(nextNumber, start.trialNumber() + 1);
        int[] epochs = StudySetup.epochs(spec, null, start.rung());
        Trial queued = leases.queue(created, new Trial.Segment(start.rung().index(), epochs[0], epochs[1], now), 0, now);
        appendFacts(out);
        out.add(new Command.CreateTrial(queued));
        put(queued);
        out.add(new Command.Queue(queued, work(queued, start.rung())));
        out.add(notify(new StudyEvent.TrialQueued(study.id(), queued.id(), queued.number(), 0, start.rung().index(), now)));
    }

    private void promote(Decision.Promote promote, Instant now, List<Command> out) {
        Trial trial = searchTrial(promote.trialNumber());
        int[] epochs = StudySetup.epochs(spec, promote.from(), promote.to());
        boolean data = spec.scheduler().fidelity() == StudySpec.Fidelity.DATA;
        // Data fidelity trains the rung as a new run on more data: fresh model, next run's attempts.
        Trial base = data ? trial.restarted(now) : trial;
        int attempt = data ? retries.nextRun(trial.attempt()) : trial.attempt();
        Trial queued = leases.queue(base, new Trial.Segment(promote.to().index(), epochs[0], epochs[1], now), attempt, now);
        paused.remove(trial.number());
        appendFacts(out);
        queue(trial, queued, work(queued, promote.to()), now, out);
    }

    /** The search is over: check its leaders on full data when asked to, else choose and retrain, or finish. */
    private void searchDone(Instant now, List<Command> out) {
        List<Trial> leaders = FinalSelection.leaders(searchTrials(), direction, spec.finalSelection().topK());
        if (spec.finalSelection().enabled() && !leaders.isEmpty()) {
            for (Trial check : FinalSelection.checks(study, leaders, nextNumber, ids, now)) {
                create(check, out);
            }
            changePhase(StudyPhase.CHECKING, now, out);
            return;
        }
        retrainOrFinish(FinalRetrain.choice(searchTrials(), direction), now, out);
    }

    /** Every check has ended: the best of them on full data is the study's choice. */
    private void checksDone(Instant now, List<Command> out) {
        retrainOrFinish(Leaderboard.choice(List.copyOf(trials.values()), direction), now, out);
    }

    private void retrainOrFinish(Optional<Trial> chosen, Instant now, List<Command> out) {
        if (!spec.finalRetrain().enabled() || chosen.isEmpty()) {
            finish(now, out);
            return;
        }
        for (Trial retrain : FinalRetrain.trials(study, spec, chosen.get(), nextNumber, ids, now)) {
            create(retrain, out);
        }
        changePhase(StudyPhase.RETRAINING, now, out);
    }

    private void create(Trial trial, List<Command> out) {
        out.add(new Command.CreateTrial(trial));
        put(trial);
        nextNumber = Math.max(nextNumber, trial.number() + 1);
    }

    private List<Trial> trialsOf(Trial.Purpose purpose) {
        return trials.values().stream().filter(t -> t.purpose() == purpose).toList();
    }

    /** The rung a search trial's segment trains towards; none for checks and retrains. */
    private Rung segmentRung(Trial trial) {
        return trial.purpose() != Trial.Purpose.SEARCH ? null
                : scheduler.rungs(trial.bracket()).get(trial.segment().orElseThrow().rung());
    }

    private Work work(Trial trial, Rung rung) {
        Trial.Segment segment = trial.segment().orElseThrow();
        if (trial.purpose() != Trial.Purpose.SEARCH) {
            // Checks and retrains: from scratch, on the full training set, validated on all of it.
            return new Work(0, segment.epochFrom(), segment.epochTo(), spec.model().epochs(), StudySetup.fullData(spec), Optional.empty(),
                    trial.purpose() == Trial.Purpose.RETRAIN, 1.0);
        }
        boolean resume = spec.scheduler().fidelity() == StudySpec.Fidelity.EPOCHS && segment.epochFrom() > 0;
        boolean top = rung.index() == scheduler.rungs(trial.bracket()).size() - 1;
        return new Work(rung.index(), segment.epochFrom(), segment.epochTo(), spec.model().epochs(),
                StudySetup.subset(spec, rung, study.planIds()), resume ? trial.checkpoint() : Optional.empty(), false,
                top ? 1.0 : spec.objective().validationSample());
    }

    private List<Configuration> pendingConfigurations() {
        List<Configuration> pending = new ArrayList<>();
        for (Trial t : trials.values()) {
            if (t.inFlight() && t.purpose() == Trial.Purpose.SEARCH) {
                pending.add(t.configuration());
            }
        }
        return pending;
    }

    // ---- what the workers report -------------------------------------------------------------

    /** Applies a worker's message about one of this study's trials; an unknown trial changes nothing. */
    public List<Command> on(Signal signal, Instant now) {
        List<Command> out = new ArrayList<>();
        Trial trial = trials.get(signal.trialId());
        if (trial == null || study.state() != StudyState.RUNNING) {
            return out;
        }
        if (signal instanceof Signal.Epoch e) {
            epoch(trial, e, now, out);
        } else if (signal instanceof Signal.Alive a) {
            alive(trial, a, now, out);
        } else if (signal instanceof Signal.Ended e) {
            ended(trial, e, now, out);
        }
        return out;
    }

    /** One epoch of one attempt; idempotent on (trial, attempt, epoch). */
    private void epoch(Trial trial, Signal.Epoch e, Instant now, List<Command> out) {
        if (!reported.add(new ReportKey(trial.id(), e.attempt(), e.epoch()))) {
            return;
        }
        Optional<Double> measured = objective(e);
        if (measured.isEmpty()) {
            // An external worker that does not report the study's objective: the trial cannot be ranked.
            trial.segment().ifPresent(s -> ended(trial, new Signal.Ended(trial.id(), e.attempt(), s.epochTo(), Signal.Outcome.FAILED,
                    "epoch " + e.epoch() + " reported metrics " + new TreeSet<>(e.metrics().keySet()) + " without "
                            + spec.objective().metric() + ", the study's objective", null, null), now, out));
            return;
        }
        double objective = measured.get();
        TrialReport report = new TrialReport(trial.id(), e.attempt(), e.epoch(), e.trainLoss(), e.validationLoss(),
                e.validationAccuracy(), objective, e.seconds(), e.items(), e.device(), e.workerId(), e.sentAt(), e.metrics());
        out.add(new Command.RecordReport(report));
        if (trial.state().isTerminal() || e.attempt() != trial.attempt() || !trial.inFlight()) {
            // A stale attempt's epoch: its result no longer counts, its time still cost.
            save(trial, trial.withSpentSeconds(e.seconds(), now), out);
            return;
        }
        boolean starts = trial.state() == TrialState.QUEUED;
        save(trial, leases.renew(trial.withEpoch(report, direction, now), now), out);
        if (starts) {
            out.add(notify(new StudyEvent.TrialStarted(study.id(), trial.id(), trial.attempt(), now)));
        }
        out.add(notify(new StudyEvent.EpochReported(study.id(), trial.id(), e.attempt(), e.epoch(), objective, now)));
    }

    /**
     * The objective's value in an epoch: the named metric when the worker reported it, else (the
     * built-in worker) its validation accuracy or loss; empty when an external worker left it out.
     */
    private Optional<Double> objective(Signal.Epoch e) {
        String metric = spec.objective().metric();
        Double named = e.metrics().get(metric);
        if (named != null) {
            return Optional.of(named);
        }
        if (!e.metrics().isEmpty() || !ModelFamily.byId(spec.model().family()).map(ModelFamily::builtIn).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(metric.equals("validation_loss") ? e.validationLoss() : e.validationAccuracy());
    }

    /**
     * A heartbeat names the trial: a segment the worker has started trades its queue lease for a run
     * lease, renewed by every heartbeat after. Only the move to RUNNING is stored.
     */
    private void alive(Trial trial, Signal.Alive a, Instant now, List<Command> out) {
        if (!trial.inFlight() || a.attempt() > trial.attempt()) {
            return;
        }
        Trial renewed = leases.alive(trial, a.attempt(), a.epoch(), now);
        if (renewed.state() != trial.state()) {
            save(trial, renewed, out);
            out.add(notify(new StudyEvent.TrialStarted(study.id(), trial.id(), trial.attempt(), now)));
        } else {
            put(renewed);
        }
    }

    /** The end of a segment: pause at the rung or complete, retry or fail. */
    private void ended(Trial trial, Signal.Ended e, Instant now, List<Command> out) {
        boolean current = trial.inFlight() && trial.attempt() == e.attempt()
                && trial.segment().map(s -> s.epochTo() == e.epochTo()).orElse(false);
        if (!current) {
            return;
        }
        switch (e.outcome()) {
            case COMPLETED -> completed(trial, e, now, out);
            case FAILED_RETRIABLE -> retry(trial, e.reason(), now, out);
            case FAILED -> fail(trial, e.reason(), now, out);
            case CANCELLED -> retry(trial, "cancelled on the worker: " + e.reason(), now, out);
        }
    }

    private void completed(Trial trial, Signal.Ended e, Instant now, List<Command> out) {
        if (trial.purpose() != Trial.Purpose.SEARCH) {
            Trial done = trial.segmentCompleted(e.checkpoint(), Optional.ofNullable(e.testAccuracy()), TrialState.COMPLETED, now);
            save(trial, done, out);
            out.add(notify(new StudyEvent.TrialSettled(study.id(), trial.id(), TrialState.COMPLETED, 0, null, now)));
            afterFinalTrial(trial.purpose(), now, out);
            return;
        }
        List<Rung> rungs = scheduler.rungs(trial.bracket());
        int rungIndex = trial.segment().orElseThrow().rung();
        double score = trial.bestValue().map(direction::score).orElse(Double.NEGATIVE_INFINITY);
        scheduler.report(trial.number(), rungs.get(rungIndex), score);
        history.reported(trial.number(), trial.configuration(), rungIndex, score);
        TrialState next = rungIndex == rungs.size() - 1 ? TrialState.COMPLETED : TrialState.PAUSED;
        Trial settled = trial.segmentCompleted(e.checkpoint(), Optional.empty(), next, now);
        appendFacts(out);
        save(trial, settled, out);
        if (next == TrialState.PAUSED) {
            paused.add(trial.number());
        }
        out.add(notify(new StudyEvent.TrialSettled(study.id(), trial.id(), next, rungIndex, null, now)));
        prune(now, out);
        updateBest(trial, settled, now, out);
    }

    /** Paused trials that can never be promoted again are pruned. */
    private void prune(Instant now, List<Command> out) {
        for (Integer number : List.copyOf(paused)) {
            if (scheduler.isStopped(number)) {
                Trial t = searchTrial(number);
                paused.remove(number);
                save(t, t.ended(TrialState.PRUNED, now), out);
                out.add(notify(new StudyEvent.TrialSettled(study.id(), t.id(), TrialState.PRUNED, t.rung(), null, now)));
            }
        }
    }

    /**
     * The study's leader after {@code changed} settled: the better of it and the current leader, or,
     * when the leader itself fell back, the first of a full ranking.
     */
    private void updateBest(Trial before, Trial changed, Instant now, List<Command> out) {
        Optional<Trial> current = study.bestTrialId().map(trials::get);
        Comparator<Trial> order = Leaderboard.order(direction);
        Optional<Trial> leader;
        if (current.isEmpty()) {
            leader = FinalRetrain.choice(searchTrials(), direction);
        } else if (current.get().id().equals(changed.id())) {
            leader = order.compare(changed, before) <= 0 ? Optional.of(changed) : FinalRetrain.choice(searchTrials(), direction);
        } else {
            leader = Optional.of(order.compare(changed, current.get()) < 0 ? changed : current.get());
        }
        if (leader.isEmpty() || leader.get().bestValue().isEmpty()) {
            return;
        }
        Trial best = leader.get();
        double value = best.bestValue().orElseThrow();
        if (!study.bestTrialId().equals(Optional.of(best.id())) || !study.bestValue().equals(Optional.of(value))) {
            saveStudy(study.withBest(best.id(), value, now), out);
            out.add(notify(new StudyEvent.BestChanged(study.id(), best.id(), value, now)));
        }
    }

    private void retry(Trial trial, String reason, Instant now, List<Command> out) {
        if (!retries.mayRetry(trial.attempt())) {
            fail(trial, "gave up after " + retries.attemptsOfRun(trial.attempt()) + " attempts; last: " + reason, now, out);
            return;
        }
        Trial again = leases.requeue(trial, trial.attempt() + 1, now);
        save(trial, again, out);
        out.add(new Command.Queue(again, work(again, segmentRung(again))));
        out.add(notify(new StudyEvent.TrialRetried(study.id(), trial.id(), again.attempt(), reason, now)));
    }

    private void fail(Trial trial, String reason, Instant now, List<Command> out) {
        int rung = trial.segment().map(Trial.Segment::rung).orElse(trial.rung());
        if (trial.purpose() == Trial.Purpose.SEARCH) {
            scheduler.fail(trial.number(), scheduler.rungs(trial.bracket()).get(rung));
            appendFacts(out);
        }
        save(trial, trial.failed(reason, now), out);
        out.add(notify(new StudyEvent.TrialSettled(study.id(), trial.id(), TrialState.FAILED, rung, reason, now)));
        if (trial.purpose() == Trial.Purpose.SEARCH) {
            prune(now, out);
        } else {
            afterFinalTrial(trial.purpose(), now, out);
        }
    }

    /** A check or a retrain ended: once all of its kind have, the study moves on. */
    private void afterFinalTrial(Trial.Purpose purpose, Instant now, List<Command> out) {
        if (trialsOf(purpose).stream().allMatch(t -> t.state().isTerminal())) {
            if (purpose == Trial.Purpose.CHECK) {
                checksDone(now, out);
            } else {
                finish(now, out);
            }
        }
    }

    private void finish(Instant now, List<Command> out) {
        saveStudy(study.completed(FinalRetrain.testAccuracy(trialsOf(Trial.Purpose.RETRAIN)), now), out);
        out.add(notify(new StudyEvent.PhaseChanged(study.id(), StudyPhase.DONE, now)));
        out.add(notify(new StudyEvent.StateChanged(study.id(), StudyState.COMPLETED, null, now)));
    }

    // ---- the clock and the user --------------------------------------------------------------

    /** Segments whose lease ran out are sent again (or fail once their attempts are used up). */
    public List<Command> expire(Instant now) {
        List<Command> out = new ArrayList<>();
        if (study.state() != StudyState.RUNNING) {
            return out;
        }
        for (Trial t : List.copyOf(trials.values())) {
            Trial current = trials.get(t.id());
            if (leases.expired(current, now)) {
                retry(current, leases.expiryReason(current), now, out);
            }
        }
        return out;
    }

    /** The study and every trial that has not ended are cancelled; nothing once the study has ended. */
    public List<Command> cancel(Instant now) {
        List<Command> out = new ArrayList<>();
        if (study.state().isTerminal()) {
            return out;
        }
        saveStudy(study.withState(StudyState.CANCELLED, now), out);
        for (Trial t : List.copyOf(trials.values())) {
            if (!t.state().isTerminal()) {
                save(t, t.ended(TrialState.CANCELLED, now), out);
            }
        }
        out.add(notify(new StudyEvent.StateChanged(study.id(), StudyState.CANCELLED, null, now)));
        return out;
    }

    // ---- bookkeeping -------------------------------------------------------------------------

    private void queue(Trial before, Trial queued, Work work, Instant now, List<Command> out) {
        save(before, queued, out);
        out.add(new Command.Queue(queued, work));
        out.add(notify(new StudyEvent.TrialQueued(study.id(), queued.id(), queued.number(), queued.attempt(), work.rung(), now)));
    }

    private void save(Trial before, Trial after, List<Command> out) {
        out.add(new Command.SaveTrial(before.state(), after));
        put(after);
    }

    private void put(Trial trial) {
        Trial old = trials.put(trial.id(), trial);
        inFlight += (trial.inFlight() ? 1 : 0) - (old != null && old.inFlight() ? 1 : 0);
        if (trial.purpose() == Trial.Purpose.SEARCH) {
            searchByNumber.put(trial.number(), trial);
        }
    }

    private void saveStudy(Study next, List<Command> out) {
        out.add(new Command.SaveStudy(study.state(), next));
        study = next;
    }

    private void changePhase(StudyPhase phase, Instant now, List<Command> out) {
        saveStudy(study.inPhase(phase, now), out);
        out.add(notify(new StudyEvent.PhaseChanged(study.id(), phase, now)));
    }

    private void appendFacts(List<Command> out) {
        List<Fact> all = scheduler.facts();
        if (all.size() > factsStored) {
            out.add(new Command.AppendFacts(study.id(), factsStored, all.subList(factsStored, all.size())));
            factsStored = all.size();
        }
    }

    private List<Trial> searchTrials() {
        return List.copyOf(searchByNumber.values());
    }

    private Trial searchTrial(int number) {
        return Objects.requireNonNull(searchByNumber.get(number), () -> "the scheduler names trial " + number + ", which is not stored");
    }

    private static Command notify(StudyEvent event) {
        return new Command.Notify(event);
    }
}
