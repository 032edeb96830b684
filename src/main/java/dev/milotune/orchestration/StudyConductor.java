package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.Datasets;
import dev.milotune.data.SplitSpec;
import dev.milotune.sampling.Observation;
import dev.milotune.sampling.Sampler;
import dev.milotune.scheduling.Decision;
import dev.milotune.scheduling.Fact;
import dev.milotune.scheduling.Rung;
import dev.milotune.scheduling.Scheduler;
import dev.milotune.scheduling.Schedulers;
import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import dev.milotune.study.TrialState;
import dev.milotune.wire.Cancel;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs studies: ask the scheduler what a free worker slot should do, sample configurations, send
 * segments, apply reports, stop weak trials, retry lost segments, and finish with the final
 * retrain. The scheduler and sampler are pure; everything that determines them is stored (trials,
 * reports, scheduler facts), so after a restart each running study is rebuilt from the database
 * and goes on. Each study's changes happen under its lock, in one transaction, before any message
 * for them is sent.
 */
@ApplicationScoped
public class StudyConductor {

    private static final Logger LOG = Logger.getLogger(StudyConductor.class);

    private final MilotuneConfig config;
    private final StudyRepository studies;
    private final TrialRepository trials;
    private final ReportRepository reports;
    private final FactRepository facts;
    private final WorkerRegistry workers;
    private final TrialDispatch dispatch;
    private final PlanService plans;
    private final Clock clock;
    private final Event<StudyProgress> events;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Map<String, String> datasetHashes = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    StudyConductor(MilotuneConfig config, StudyRepository studies, TrialRepository trials, ReportRepository reports,
            FactRepository facts, WorkerRegistry workers, TrialDispatch dispatch, PlanService plans, Clock clock,
            Event<StudyProgress> events) {
        this.config = config;
        this.studies = studies;
        this.trials = trials;
        this.reports = reports;
        this.facts = facts;
        this.workers = workers;
        this.dispatch = dispatch;
        this.plans = plans;
        this.clock = clock;
        this.events = events;
    }

    /** A running study in memory: its spec, scheduler and sampler, rebuilt from the database. */
    private static final class Active {
        final ReentrantLock lock = new ReentrantLock();
        final StudySpec spec;
        Study study;
        Scheduler scheduler;
        final Sampler sampler;
        int factsStored;

        Active(Study study, StudySpec spec, Scheduler scheduler, Sampler sampler, int factsStored) {
            this.study = study;
            this.spec = spec;
            this.scheduler = scheduler;
            this.sampler = sampler;
            this.factsStored = factsStored;
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.role().runsOrchestrator()) {
            return;
        }
        requeueInFlight();
        for (StudyState state : List.of(StudyState.PENDING, StudyState.PLANNING, StudyState.RUNNING)) {
            for (Study study : studies.inState(state)) {
                LOG.infof("Resuming study %s (%s) in state %s", study.name(), study.id(), state);
                launch(study);
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "milotune-conductor");
            t.setDaemon(true);
            return t;
        });
        long period = config.orchestrator().tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops dispatching first thing at shutdown, while the database is still open. */
    void stop(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a stored study: plans first (computed or reused), then trials. */
    public void launch(Study study) {
        StudySpec spec = StudySpecReader.read(study.spec(), study.seed());
        if (study.state() == StudyState.RUNNING) {
            activate(study, spec);
            return;
        }
        Study planning = study.state() == StudyState.PLANNING ? study : save(study.withState(StudyState.PLANNING, clock.instant()));
        fire(planning.id(), "state", null, "PLANNING");
        List<Double> fractions = StudySetup.planFractions(spec);
        var request = new PlanService.PlanRequest(spec.dataset().name(), spec.dataset().encoder(), fractions);
        var ready = fractions.isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(List.<String>of())
                : plans.ensure(request);
        ready.whenComplete((ids, failure) -> {
            Study current = studies.find(planning.id()).orElseThrow();
            if (current.state() != StudyState.PLANNING) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                save(current.failed("subset plan failed: " + cause.getMessage(), clock.instant()));
                fire(current.id(), "state", null, "FAILED");
                return;
            }
            try {
                datasetHash(spec.dataset().name());
                Study running = save(current.withPlans(ids, clock.instant()).withState(StudyState.RUNNING, clock.instant()));
                fire(running.id(), "state", null, "RUNNING");
                activate(running, spec);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Study %s could not start", current.id());
                save(current.failed(e.getMessage(), clock.instant()));
                fire(current.id(), "state", null, "FAILED");
            }
        });
    }

    private void activate(Study study, StudySpec spec) {
        List<Fact> stored = facts.forStudy(study.id());
        Scheduler scheduler = Schedulers.restore(StudySetup.schedulerOptions(spec), stored);
        active.put(study.id(), new Active(study, spec, scheduler, StudySetup.sampler(spec), stored.size()));
    }

    /** Cancels a study and its running trials; false when it had already ended. */
    public boolean cancel(String studyId) {
        Active a = active.get(studyId);
        if (a != null) {
            a.lock.lock();
        }
        try {
            Study study = studies.find(studyId).orElseThrow();
            if (study.state().isTerminal()) {
                return false;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                studies.update(study.withState(StudyState.CANCELLED, clock.instant()));
                for (Trial t : trials.forStudy(studyId)) {
                    if (!t.state().isTerminal()) {
                        trials.update(t.ended(TrialState.CANCELLED, clock.instant()));
                    }
                }
            });
            active.remove(studyId);
            dispatch.cancel(new Cancel(Cancel.VERSION, studyId, null, "study cancelled", clock.instant()));
            fire(studyId, "state", null, "CANCELLED");
            return true;
        } finally {
            if (a != null) {
                a.lock.unlock();
            }
        }
    }

    // ---- the dispatch loop -------------------------------------------------------------------

    void tick() {
        try {
            expireLeases();
            int free = freeSlots();
            for (Active a : active.values()) {
                if (free <= 0) {
                    break;
                }
                free -= advance(a, free);
            }
        } catch (RuntimeException e) {
            LOG.error("Dispatch tick failed; the next tick tries again", e);
        }
    }

    /** Slots of live workers not taken by segments in flight. */
    private int freeSlots() {
        Duration alive = config.worker().heartbeatInterval().multipliedBy(3);
        int slots = workers.alive(alive).stream().mapToInt(WorkerStatus::slots).sum();
        return slots - trials.inFlight().size();
    }

    /** Sends up to {@code free} segments of one study; returns how many it sent. */
    private int advance(Active a, int free) {
        a.lock.lock();
        try {
            if (!active.containsKey(a.study.id())) {
                return 0;
            }
            List<Trial> all = trials.forStudy(a.study.id());
            long running = all.stream().filter(Trial::inFlight).count();
            int sent = 0;
            while (sent < free && running < a.spec.maxConcurrentTrials()) {
                Optional<TrialTask> task = nextTask(a, all, running);
                if (task.isEmpty()) {
                    break;
                }
                dispatch.send(task.get());
                fire(a.study.id(), "trial", task.get().trialId(), "QUEUED");
                sent++;
                running++;
                all = trials.forStudy(a.study.id());
            }
            return sent;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Study %s: dispatch failed; rebuilding it from the database", a.study.id());
            rebuild(a.study.id());
            return 0;
        } finally {
            a.lock.unlock();
        }
    }

    /** The next segment to send, stored as decided; empty when the study must wait or has ended. */
    private Optional<TrialTask> nextTask(Active a, List<Trial> all, long running) {
        Optional<Trial> pendingRetrain = all.stream()
                .filter(t -> t.purpose() == Trial.Purpose.RETRAIN && t.state() == TrialState.PENDING).findFirst();
        if (pendingRetrain.isPresent()) {
            return Optional.of(sendRetrain(a, pendingRetrain.get()));
        }
        if (all.stream().anyMatch(t -> t.purpose() == Trial.Purpose.RETRAIN)) {
            return Optional.empty();
        }
        Decision decision = a.scheduler.next();
        if (decision instanceof Decision.Start start) {
            return Optional.of(startTrial(a, all, start));
        }
        if (decision instanceof Decision.Promote promote) {
            return Optional.of(promote(a, all, promote));
        }
        if (decision instanceof Decision.Done && running == 0) {
            searchDone(a, all);
        }
        return Optional.empty();
    }

    private TrialTask startTrial(Active a, List<Trial> all, Decision.Start start) {
        Instant now = clock.instant();
        Configuration configuration = a.sampler.suggest(start.trialNumber(), history(a, all));
        Trial created = Trial.create(UUID.randomUUID().toString(), a.study.id(), start.trialNumber(), Trial.Purpose.SEARCH,
                configuration, StudySetup.trialSeed(a.study.seed(), start.trialNumber()), start.bracket(), now);
        int[] epochs = StudySetup.epochs(a.spec, null, start.rung());
        Trial queued = created.dispatched(new Trial.Segment(start.rung().index(), epochs[0], epochs[1], queueLease(now)), 0, now);
        QuarkusTransaction.requiringNew().run(() -> {
            storeNewFacts(a);
            trials.create(queued);
        });
        return task(a, queued, start.rung(), epochs, false);
    }

    private TrialTask promote(Active a, List<Trial> all, Decision.Promote promote) {
        Instant now = clock.instant();
        Trial trial = byNumber(all, promote.trialNumber());
        int[] epochs = StudySetup.epochs(a.spec, promote.from(), promote.to());
        Trial base = a.spec.scheduler().fidelity() == StudySpec.Fidelity.DATA ? trial.restarted(now) : trial;
        Trial queued = base.dispatched(new Trial.Segment(promote.to().index(), epochs[0], epochs[1], queueLease(now)), trial.attempt(), now);
        QuarkusTransaction.requiringNew().run(() -> {
            storeNewFacts(a);
            trials.update(queued);
        });
        return task(a, queued, promote.to(), epochs, false);
    }

    private TrialTask sendRetrain(Active a, Trial trial) {
        Instant now = clock.instant();
        int epochsTotal = a.spec.model().epochs();
        Trial queued = trial.dispatched(new Trial.Segment(0, 0, epochsTotal, queueLease(now)), 0, now);
        QuarkusTransaction.requiringNew().run(() -> trials.update(queued));
        return task(a, queued, null, new int[] {0, epochsTotal}, true);
    }

    /** The search is over: retrain the best configuration on full data, or finish. */
    private void searchDone(Active a, List<Trial> all) {
        List<Trial> ranked = Leaderboard.rank(all, a.spec.objective().direction());
        Instant now = clock.instant();
        if (!a.spec.finalRetrain().enabled() || ranked.isEmpty() || ranked.get(0).bestValue().isEmpty()) {
            finish(a, all);
            return;
        }
        Trial best = ranked.get(0);
        int next = all.stream().mapToInt(Trial::number).max().orElse(-1) + 1;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < a.spec.finalRetrain().repeats(); i++) {
                trials.create(Trial.create(UUID.randomUUID().toString(), a.study.id(), next + i, Trial.Purpose.RETRAIN,
                        best.configuration(), StudySetup.trialSeed(a.study.seed(), 1_000_000L + i), 0, now));
            }
        });
        LOG.infof("Study %s: search done, retraining trial %d on full data %d time(s)", a.study.name(), best.number(),
                a.spec.finalRetrain().repeats());
        fire(a.study.id(), "state", null, "RETRAIN");
    }

    private void finish(Active a, List<Trial> all) {
        Optional<Double> test = all.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN)
                .map(Trial::testAccuracy).flatMap(Optional::stream).mapToDouble(Double::doubleValue).boxed()
                .reduce(Double::sum).map(sum -> sum / all.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN
                        && t.testAccuracy().isPresent()).count());
        Study current = studies.find(a.study.id()).orElseThrow();
        a.study = save(current.completed(test, clock.instant()));
        active.remove(a.study.id());
        LOG.infof("Study %s completed%s", a.study.name(), test.map(v -> String.format(", final test accuracy %.4f", v)).orElse(""));
        fire(a.study.id(), "state", null, "COMPLETED");
    }

    private TrialTask task(Active a, Trial trial, Rung rung, int[] epochs, boolean retrain) {
        Map<String, Object> hyperparameters = new LinkedHashMap<>(a.spec.model().fixed());
        hyperparameters.putAll(trial.configuration().values());
        var subset = retrain ? StudySetup.fullData(a.spec) : StudySetup.subset(a.spec, rung, a.study.planIds());
        boolean resume = !retrain && a.spec.scheduler().fidelity() == StudySpec.Fidelity.EPOCHS && epochs[0] > 0;
        return new TrialTask(TrialTask.VERSION, a.study.id(), trial.id(), trial.number(), trial.attempt(), trial.seed(),
                a.spec.model().family(), hyperparameters,
                new TrialTask.DatasetRef(a.spec.dataset().name(), datasetHash(a.spec.dataset().name()), a.spec.dataset().encoder()),
                subset, a.spec.objective().metric(), epochs[0], epochs[1], a.spec.model().epochs(),
                resume ? trial.checkpoint().orElse(null) : null, retrain, clock.instant());
    }

    private List<Observation> history(Active a, List<Trial> all) {
        List<Observation> history = new ArrayList<>();
        Direction direction = a.spec.objective().direction();
        Map<Integer, Trial> byNumber = new HashMap<>();
        all.forEach(t -> byNumber.put(t.number(), t));
        Map<Integer, Fact.Reported> best = new LinkedHashMap<>();
        for (Fact fact : a.scheduler.facts()) {
            if (fact instanceof Fact.Reported r) {
                best.merge(r.trialNumber(), r, (old, now) -> now.rung().index() >= old.rung().index() ? now : old);
            }
        }
        best.forEach((number, r) -> {
            Trial t = byNumber.get(number);
            if (t != null && Double.isFinite(r.score())) {
                history.add(new Observation(t.configuration(), r.score(), r.rung().index()));
            }
        });
        return history;
    }

    // ---- what the workers report ---------------------------------------------------------------

    /** One epoch of one trial attempt; idempotent on (trial, attempt, epoch). */
    public void onEpoch(EpochReport r) {
        withStudy(r.studyId(), a -> {
            Optional<Trial> found = trials.find(r.trialId());
            if (found.isEmpty()) {
                return;
            }
            Trial trial = found.get();
            StudySpec spec = a == null ? StudySpecReader.read(studies.find(r.studyId()).orElseThrow().spec(), 0) : a.spec;
            double objective = spec.objective().metric().equals("validation_loss") ? r.validationLoss() : r.validationAccuracy();
            TrialReport report = new TrialReport(r.trialId(), r.attempt(), r.epoch(), r.trainLoss(), r.validationLoss(),
                    r.validationAccuracy(), objective, r.epochSeconds(), r.itemsSeen(), r.device(), r.workerId(), r.sentAt());
            boolean applied = QuarkusTransaction.requiringNew().call(() -> {
                if (!reports.record(report)) {
                    return false;
                }
                Instant now = clock.instant();
                Trial fresh = trials.find(r.trialId()).orElseThrow();
                if (fresh.state().isTerminal() || r.attempt() != fresh.attempt() || !fresh.inFlight()) {
                    trials.update(fresh.withSpentSeconds(r.epochSeconds(), now));
                } else {
                    trials.update(fresh.withEpoch(report, spec.objective().direction(), now).withLease(lease(now), now));
                }
                return true;
            });
            if (applied) {
                fire(r.studyId(), "epoch", r.trialId(), "epoch " + r.epoch());
            }
        });
    }

    /** The end of a segment: promote or pause at the rung, finish, retry or fail. */
    public void onOutcome(SegmentOutcome o) {
        withStudy(o.studyId(), a -> {
            if (a == null) {
                return;
            }
            Optional<Trial> found = trials.find(o.trialId());
            if (found.isEmpty()) {
                return;
            }
            Trial trial = found.get();
            boolean current = trial.inFlight() && trial.attempt() == o.attempt()
                    && trial.segment().map(s -> s.epochTo() == o.epochTo()).orElse(false);
            if (!current) {
                return;
            }
            switch (o.status()) {
                case COMPLETED -> completed(a, trial, o);
                case FAILED -> {
                    if (o.retriable()) {
                        retry(a, trial, o.reason());
                    } else {
                        fail(a, trial, o.reason());
                    }
                }
                case CANCELLED -> retry(a, trial, "cancelled on the worker: " + o.reason());
            }
        });
    }

    /**
     * Segments named in a heartbeat are alive. A segment the worker has started (its first
     * heartbeat comes at once) trades its queue lease for a run lease, renewed by every heartbeat
     * after. A worker training an earlier segment or attempt of the trial (a task redelivered after a
     * restart) keeps the current one's lease from running out, never shortens it: tasks are keyed
     * by trial, so the current task waits behind that one on the same partition.
     */
    public void onHeartbeat(Heartbeat h) {
        Instant now = clock.instant();
        for (Heartbeat.RunningSegment s : h.running()) {
            trials.find(s.trialId()).ifPresent(t -> {
                if (t.inFlight() && s.attempt() <= t.attempt()) {
                    withStudy(t.studyId(), a -> QuarkusTransaction.requiringNew().run(() -> trials.find(s.trialId())
                            .filter(fresh -> fresh.inFlight() && s.attempt() <= fresh.attempt())
                            .ifPresent(fresh -> trials.update(renewed(fresh, s, now)))));
                }
            });
        }
    }

    private Trial renewed(Trial trial, Heartbeat.RunningSegment running, Instant now) {
        Trial.Segment segment = trial.segment().orElseThrow();
        if (running.attempt() == trial.attempt() && running.epoch() >= segment.epochFrom()) {
            return trial.started(lease(now), now);
        }
        return segment.leaseExpiresAt().isBefore(lease(now)) ? trial.withLease(lease(now), now) : trial;
    }

    private void completed(Active a, Trial trial, SegmentOutcome o) {
        Instant now = clock.instant();
        if (trial.purpose() == Trial.Purpose.RETRAIN) {
            QuarkusTransaction.requiringNew().run(() ->
                    trials.update(trial.segmentCompleted(o.checkpoint(), Optional.ofNullable(o.testAccuracy()), TrialState.COMPLETED, now)));
            fire(a.study.id(), "trial", trial.id(), "COMPLETED");
            List<Trial> all = trials.forStudy(a.study.id());
            if (all.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).allMatch(t -> t.state().isTerminal())) {
                finish(a, all);
            }
            return;
        }
        Direction direction = a.spec.objective().direction();
        int rungIndex = trial.segment().orElseThrow().rung();
        Rung rung = a.scheduler.rungs(trial.bracket()).get(rungIndex);
        double score = trial.bestValue().map(direction::score).orElse(Double.NEGATIVE_INFINITY);
        a.scheduler.report(trial.number(), rung, score);
        List<Rung> rungs = a.scheduler.rungs(trial.bracket());
        TrialState next = rungIndex == rungs.size() - 1 ? TrialState.COMPLETED : TrialState.PAUSED;
        QuarkusTransaction.requiringNew().run(() -> {
            storeNewFacts(a);
            trials.update(trial.segmentCompleted(o.checkpoint(), Optional.empty(), next, now));
            prune(a, now);
            updateBest(a, now);
        });
        fire(a.study.id(), "trial", trial.id(), next.name());
    }

    /** Paused trials that can never be promoted again are pruned. */
    private void prune(Active a, Instant now) {
        for (Trial t : trials.forStudy(a.study.id())) {
            if (t.state() == TrialState.PAUSED && a.scheduler.isStopped(t.number())) {
                trials.update(t.ended(TrialState.PRUNED, now));
            }
        }
    }

    private void updateBest(Active a, Instant now) {
        List<Trial> ranked = Leaderboard.rank(trials.forStudy(a.study.id()), a.spec.objective().direction());
        if (!ranked.isEmpty() && ranked.get(0).bestValue().isPresent()) {
            Study current = studies.find(a.study.id()).orElseThrow();
            a.study = current.withBest(ranked.get(0).id(), ranked.get(0).bestValue().get(), now);
            studies.update(a.study);
        }
    }

    private void retry(Active a, Trial trial, String reason) {
        if (trial.attempt() + 1 >= config.orchestrator().maxAttempts()) {
            fail(a, trial, "gave up after " + (trial.attempt() + 1) + " attempts; last: " + reason);
            return;
        }
        Trial.Segment segment = trial.segment().orElseThrow();
        Trial again = requeued(trial, trial.attempt() + 1, clock.instant());
        QuarkusTransaction.requiringNew().run(() -> trials.update(again));
        LOG.infof("Trial %d of study %s: attempt %d (%s)", trial.number(), a.study.name(), again.attempt(), reason);
        Rung rung = trial.purpose() == Trial.Purpose.RETRAIN ? null : a.scheduler.rungs(trial.bracket()).get(segment.rung());
        dispatch.send(task(a, again, rung, new int[] {segment.epochFrom(), segment.epochTo()}, trial.purpose() == Trial.Purpose.RETRAIN));
        fire(a.study.id(), "trial", trial.id(), "RETRY");
    }

    private void fail(Active a, Trial trial, String reason) {
        Instant now = clock.instant();
        if (trial.purpose() == Trial.Purpose.SEARCH) {
            a.scheduler.fail(trial.number(), a.scheduler.rungs(trial.bracket()).get(trial.segment().map(Trial.Segment::rung).orElse(trial.rung())));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            storeNewFacts(a);
            trials.update(trial.failed(reason, now));
            prune(a, now);
        });
        LOG.infof("Trial %d of study %s failed: %s", trial.number(), a.study.name(), reason);
        fire(a.study.id(), "trial", trial.id(), "FAILED");
        if (trial.purpose() == Trial.Purpose.RETRAIN) {
            List<Trial> all = trials.forStudy(a.study.id());
            if (all.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).allMatch(t -> t.state().isTerminal())) {
                finish(a, all);
            }
        }
    }

    private void expireLeases() {
        Instant now = clock.instant();
        for (Trial t : trials.inFlight()) {
            if (t.segment().map(s -> s.leaseExpiresAt().isBefore(now)).orElse(false)) {
                withStudy(t.studyId(), a -> {
                    if (a == null) {
                        return;
                    }
                    trials.find(t.id()).filter(fresh -> fresh.inFlight() && fresh.attempt() == t.attempt())
                            .ifPresent(fresh -> retry(a, fresh, fresh.state() == TrialState.QUEUED
                                    ? "no worker started it within " + config.orchestrator().queueTimeout().toSeconds() + " s"
                                    : "lease expired: no report or heartbeat for " + config.orchestrator().leaseTimeout().toSeconds() + " s"));
                });
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private interface StudyWork {
        void run(Active active);
    }

    /** Runs {@code work} under the study's lock; a failure rebuilds the study from the database. */
    private void withStudy(String studyId, StudyWork work) {
        Active a = active.get(studyId);
        if (a == null) {
            work.run(null);
            return;
        }
        a.lock.lock();
        try {
            work.run(a);
        } catch (RuntimeException e) {
            rebuild(studyId);
            throw e;
        } finally {
            a.lock.unlock();
        }
    }

    private void rebuild(String studyId) {
        studies.find(studyId).filter(s -> s.state() == StudyState.RUNNING).ifPresentOrElse(
                s -> activate(s, StudySpecReader.read(s.spec(), s.seed())), () -> active.remove(studyId));
    }

    private void storeNewFacts(Active a) {
        List<Fact> all = a.scheduler.facts();
        if (all.size() > a.factsStored) {
            facts.append(a.study.id(), a.factsStored, all.subList(a.factsStored, all.size()));
            a.factsStored = all.size();
        }
    }

    /** The lease of a segment a worker trains: renewed by its reports and heartbeats. */
    private Instant lease(Instant now) {
        return now.plus(config.orchestrator().leaseTimeout());
    }

    /** The lease of a segment dispatched and not started yet; the worker's first heartbeat replaces it. */
    private Instant queueLease(Instant now) {
        return now.plus(config.orchestrator().queueTimeout());
    }

    /**
     * Leases do not run while the orchestrator is down: it heard no heartbeat then. Each segment in
     * flight waits again as if just dispatched: a live worker's next heartbeat marks it running, and a
     * worker that died with it leaves its task unacknowledged, so Kafka hands it to another worker.
     */
    private void requeueInFlight() {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Trial t : trials.inFlight()) {
                trials.update(requeued(t, t.attempt(), now));
            }
        });
    }

    /** The trial's segment in flight, sent again as {@code attempt}: queued, under a fresh queue lease. */
    private Trial requeued(Trial trial, int attempt, Instant now) {
        return trial.dispatched(trial.segment().orElseThrow().withLease(queueLease(now)), attempt, now);
    }

    private String datasetHash(String name) {
        return datasetHashes.computeIfAbsent(name, n -> {
            Dataset dataset = Datasets.load(n, new DataDirectory(config.dataDir()), SplitSpec.defaults());
            return dataset.contentHash();
        });
    }

    private static Trial byNumber(List<Trial> all, int number) {
        return all.stream().filter(t -> t.number() == number && t.purpose() == Trial.Purpose.SEARCH).findFirst()
                .orElseThrow(() -> new IllegalStateException("the scheduler names trial " + number + ", which is not stored"));
    }

    private Study save(Study study) {
        QuarkusTransaction.requiringNew().run(() -> studies.update(study));
        return study;
    }

    private void fire(String studyId, String kind, String trialId, String detail) {
        events.fire(new StudyProgress(studyId, kind, trialId, detail, clock.instant()));
    }
}
