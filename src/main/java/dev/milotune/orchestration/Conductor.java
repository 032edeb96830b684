package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.machine.Command;
import dev.milotune.machine.FairShare;
import dev.milotune.machine.LeaseBook;
import dev.milotune.machine.RetryPolicy;
import dev.milotune.machine.Signal;
import dev.milotune.machine.StudyEvent;
import dev.milotune.machine.StudyMachine;
import dev.milotune.machine.StudySetup;
import dev.milotune.study.LogText;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import dev.milotune.wire.SegmentSeals;
import dev.milotune.wire.Cancel;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.WorkerMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import dev.milotune.metrics.SegmentTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The shell around the study machines: it starts studies (plans first), feeds each machine what
 * the workers report, stores what the machines decide in one transaction per batch ({@link Ledger}),
 * then sends the segments they queued and announces their events. Dispatch is event-driven: a batch
 * of reports, a heartbeat or a started study gives free slots out at once, in turn across the
 * running studies (fair share); the tick only sweeps expired leases.
 *
 * <p>Every machine is touched by one thread only, the conductor's: the reports consumer, the tick
 * and the API hand their work to it and wait. When storing fails (a compare-and-set finds a cancel,
 * the database is away), the studies concerned are rebuilt from what is stored.
 */
@ApplicationScoped
public class Conductor {

    private static final Logger LOG = Logger.getLogger(Conductor.class);

    private final MilotuneConfig config;
    private final StudyRepository studies;
    private final TrialRepository trials;
    private final ReportRepository reports;
    private final FactRepository facts;
    private final Ledger ledger;
    private final WorkerRegistry workers;
    private final TrialDispatch dispatch;
    private final PlanService plans;
    private final FetchService fetches;
    private final Clock clock;
    private final Event<StudyEvent> events;
    private final Timer outcomeToDispatch;
    private final ActiveStudies active = new ActiveStudies();
    private final DatasetService datasets;
    private final LeaseBook leases;
    private final RetryPolicy retries;
    private final jakarta.enterprise.inject.Instance<SegmentSeals> sealsSource;
    /** Seals the segments sent; resolved at start, by the orchestrator role only. */
    private volatile SegmentSeals seals;
    private ExecutorService loop;
    private ScheduledExecutorService ticker;
    private int turn;

    Conductor(MilotuneConfig config, StudyRepository studies, TrialRepository trials, ReportRepository reports, FactRepository facts,
            Ledger ledger, WorkerRegistry workers, TrialDispatch dispatch, PlanService plans, FetchService fetches, DatasetService datasets, Clock clock,
            Event<StudyEvent> events, MeterRegistry meters, jakarta.enterprise.inject.Instance<SegmentSeals> seals) {
        this.config = config;
        this.datasets = datasets;
        this.sealsSource = seals;
        this.studies = studies;
        this.trials = trials;
        this.reports = reports;
        this.facts = facts;
        this.ledger = ledger;
        this.workers = workers;
        this.dispatch = dispatch;
        this.plans = plans;
        this.fetches = fetches;
        this.clock = clock;
        this.events = events;
        this.leases = new LeaseBook(config.orchestrator().queueTimeout(), config.orchestrator().leaseTimeout());
        this.retries = new RetryPolicy(config.orchestrator().maxAttempts());
        this.outcomeToDispatch = SegmentTimers.outcomeToDispatch(meters);
    }

    void start(@Observes StartupEvent event) {
        if (!config.role().runsOrchestrator()) {
            return;
        }
        seals = sealsSource.get();
        loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "milotune-conductor");
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            for (Study study : studies.inState(StudyState.RUNNING)) {
                LOG.infof("Resuming study %s (%s)", LogText.escape(study.name()), study.id());
                activate(study, true);
            }
            return null;
        });
        for (StudyState state : List.of(StudyState.PENDING, StudyState.PLANNING)) {
            for (Study study : studies.inState(state)) {
                LOG.infof("Resuming study %s (%s) in state %s", LogText.escape(study.name()), study.id(), state);
                launch(study);
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "milotune-lease-sweep");
            t.setDaemon(true);
            return t;
        });
        long period = config.orchestrator().tick().toMillis();
        ticker.scheduleWithFixedDelay(() -> loop.execute(this::sweep), period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops first thing at shutdown, while the database is still open: no new decision is taken. */
    void stop(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        for (ExecutorService executor : new ExecutorService[] {ticker, loop}) {
            if (executor != null) {
                executor.shutdownNow();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Starts a stored study: its dataset fetched if missing, its plans (computed or reused), then its machine. */
    public void launch(Study study) {
        StudySpec spec = StudySpecReader.read(study.spec(), study.seed());
        if (study.state() == StudyState.PENDING) {
            Study planning = study.withState(StudyState.PLANNING, clock.instant());
            try {
                QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PENDING, planning));
            } catch (StaleStateException e) {
                LOG.infof("Study %s was not launched: %s", study.id(), LogText.escape(e.getMessage()));
                return;
            }
            announce(new StudyEvent.StateChanged(study.id(), StudyState.PLANNING, null, clock.instant()));
        }
        List<Double> fractions = StudySetup.planFractions(spec);
        var ready = fetches.ensure(spec.dataset().name()).thenCompose(fetched -> fractions.isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(List.<String>of())
                : plans.ensure(new PlanService.PlanRequest(spec.dataset().name(), spec.dataset().encoder(), fractions)));
        ready.whenComplete((ids, failure) -> loop.execute(() -> planned(study.id(), spec, ids, failure)));
    }

    /** The study's dataset and plans are ready (or failed): it runs, unless it was cancelled meanwhile. */
    private void planned(String studyId, StudySpec spec, List<String> planIds, Throwable failure) {
        Study current = studies.find(studyId).orElseThrow();
        if (current.state() != StudyState.PLANNING) {
            return;
        }
        try {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                throw new IllegalStateException(cause instanceof dev.milotune.data.FetchException ? cause.getMessage()
                        : "subset plan failed: " + cause.getMessage(), cause);
            }
            datasetHash(spec.dataset().name());
            Study running = current.withPlans(planIds, clock.instant()).withState(StudyState.RUNNING, clock.instant());
            QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PLANNING, running));
            announce(new StudyEvent.StateChanged(studyId, StudyState.RUNNING, null, clock.instant()));
            activate(running, false);
            dispatchFreeSlots();
        } catch (StaleStateException e) {
            LOG.infof("Study %s did not start: %s", studyId, LogText.escape(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Study %s could not start", studyId);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            try {
                QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PLANNING, current.failed(reason, clock.instant())));
                announce(new StudyEvent.StateChanged(studyId, StudyState.FAILED, reason, clock.instant()));
            } catch (StaleStateException stale) {
                LOG.infof("Study %s: %s", studyId, LogText.escape(stale.getMessage()));
            }
        }
    }

    /** Builds the study's machine from what is stored; after a restart its segments in flight are queued again. */
    private void activate(Study study, boolean restart) {
        StudySpec spec = StudySpecReader.read(study.spec(), study.seed());
        Instant now = clock.instant();
        StudyMachine machine = StudyMachine.resume(study, spec, trials.forStudy(study.id()), facts.forStudy(study.id()),
                reports.keysForStudy(study.id()), leases, retries, () -> UUID.randomUUID().toString(), now);
        active.put(machine);
        if (restart) {
            commit(machine.requeueInFlight(now), Set.of(machine));
        }
    }

    /** Cancels a study and its trials; false when it had already ended. */
    public boolean cancel(String studyId) {
        return call(() -> {
            Optional<StudyMachine> machine = active.get(studyId);
            if (machine.isPresent()) {
                commit(machine.get().cancel(clock.instant()), Set.of(machine.get()));
            } else {
                Study study = studies.find(studyId).orElseThrow(() -> new NotFoundException("no study with id " + studyId));
                if (study.state().isTerminal()) {
                    return false;
                }
                QuarkusTransaction.requiringNew().run(() -> studies.save(study.state(),
                        study.withState(StudyState.CANCELLED, clock.instant())));
                announce(new StudyEvent.StateChanged(studyId, StudyState.CANCELLED, null, clock.instant()));
            }
            dispatch.cancel(new Cancel(Cancel.VERSION, studyId, null, "study cancelled", clock.instant()));
            return true;
        });
    }

    // ---- what the workers report ---------------------------------------------------------------

    /**
     * A batch of the workers' messages, applied in order: heartbeats update the fleet, reports and
     * outcomes go to their studies' machines, then the slots they freed are given out; everything
     * decided is stored in one transaction, then the segments are sent. Returns once stored, so the
     * caller may acknowledge the batch.
     */
    public void apply(List<WorkerMessage> messages) {
        call(() -> {
            try {
                applyOnce(messages);
            } catch (RuntimeException e) {
                // The machines are rebuilt from what is stored; the batch is applied once more
                // (what was stored of it is skipped, by report key and trial state).
                LOG.warnf("A batch of %d worker messages was not stored (%s); rebuilding its studies and trying again",
                        messages.size(), LogText.escape(e.getMessage()));
                applyOnce(messages);
            }
            return null;
        });
    }

    private void applyOnce(List<WorkerMessage> messages) {
        Instant now = clock.instant();
        List<Instant> outcomesSent = new ArrayList<>();
        List<Command> out = new ArrayList<>();
        Set<StudyMachine> touched = new LinkedHashSet<>();
        for (WorkerMessage message : messages) {
            if (message instanceof Heartbeat h) {
                workers.heartbeat(new WorkerStatus(h.workerId(), h.host(), h.pool(), h.slots(), h.busySlots(), h.device(), h.startedAt(),
                        h.sentAt()));
                for (Heartbeat.RunningSegment s : h.running()) {
                    active.ofTrial(s.trialId()).ifPresent(m -> {
                        out.addAll(m.on(new Signal.Alive(s.trialId(), s.attempt(), s.epoch()), now));
                        touched.add(m);
                    });
                }
            } else if (message instanceof EpochReport r) {
                active.get(r.studyId()).ifPresent(m -> {
                    out.addAll(m.on(new Signal.Epoch(r.trialId(), r.attempt(), r.epoch(), r.trainLoss(), r.validationLoss(),
                            r.validationAccuracy(), r.metrics(), r.epochSeconds(), r.itemsSeen(), r.device(), r.workerId(), r.sentAt()), now));
                    touched.add(m);
                });
            } else if (message instanceof SegmentOutcome o) {
                outcomesSent.add(o.sentAt());
                active.get(o.studyId()).ifPresent(m -> {
                    out.addAll(m.on(new Signal.Ended(o.trialId(), o.attempt(), o.epochTo(), outcome(o), o.reason(), o.checkpoint(),
                            o.testAccuracy()), now));
                    touched.add(m);
                });
            }
        }
        // The slots this batch freed go out in the same transaction as the batch itself.
        out.addAll(giveOutFreeSlots(touched));
        int sent = commit(out, touched);
        if (sent > 0) {
            // The slots these outcomes freed went to new segments: how long a slot stood idle.
            Instant dispatched = clock.instant();
            outcomesSent.forEach(at -> outcomeToDispatch.record(Duration.between(at, dispatched)));
        }
    }

    private static Signal.Outcome outcome(SegmentOutcome o) {
        return switch (o.status()) {
            case COMPLETED -> Signal.Outcome.COMPLETED;
            case CANCELLED -> Signal.Outcome.CANCELLED;
            case FAILED -> o.retriable() ? Signal.Outcome.FAILED_RETRIABLE : Signal.Outcome.FAILED;
        };
    }

    // ---- dispatch and the clock ----------------------------------------------------------------

    /**
     * Gives each pool's free worker slots out, one at a time in turn across the pool's running
     * studies, so a large study cannot starve a small one; each dispatch starts the turn with the
     * next study.
     *
     * @return how many segments were sent
     */
    private int dispatchFreeSlots() {
        Set<StudyMachine> touched = new LinkedHashSet<>();
        return commit(giveOutFreeSlots(touched), touched);
    }

    /** The commands that give the free slots out, adding the machines that decided them to {@code touched}. */
    private List<Command> giveOutFreeSlots(Set<StudyMachine> touched) {
        Map<String, Integer> slots = workers.aliveSlotsByPool(config.worker().heartbeatInterval().multipliedBy(3));
        List<Command> commands = new ArrayList<>();
        Instant now = clock.instant();
        active.inTurnByPool(turn++).forEach((pool, machines) -> {
            int free = slots.getOrDefault(pool, 0) - machines.stream().mapToInt(StudyMachine::inFlight).sum();
            FairShare.Round round = FairShare.giveOut(machines, free, now);
            commands.addAll(round.commands());
            touched.addAll(round.touched());
        });
        return commands;
    }

    /** Expired leases are retried; then the free slots are given out (also a safety net for missed events). */
    private void sweep() {
        try {
            Instant now = clock.instant();
            List<Command> out = new ArrayList<>();
            Set<StudyMachine> touched = new LinkedHashSet<>();
            for (StudyMachine m : active.inTurn(0)) {
                List<Command> expired = m.expire(now);
                if (!expired.isEmpty()) {
                    out.addAll(expired);
                    touched.add(m);
                }
            }
            commit(out, touched);
            dispatchFreeSlots();
        } catch (RuntimeException e) {
            LOG.error("Lease sweep failed; the next one tries again", e);
        }
    }

    // ---- storing and carrying out ----------------------------------------------------------------

    /**
     * Stores the machines' decisions, then sends the queued segments and announces the events. When
     * storing fails, every machine concerned is rebuilt from what is stored and the failure is thrown.
     */
    private int commit(List<Command> commands, Set<StudyMachine> touched) {
        try {
            ledger.store(commands);
        } catch (RuntimeException e) {
            for (StudyMachine m : touched) {
                rebuild(m.study().id());
            }
            throw e;
        }
        Map<String, List<TrialTask>> tasks = new LinkedHashMap<>();
        Set<String> ended = new HashSet<>();
        for (Command c : commands) {
            if (c instanceof Command.Queue q) {
                StudyMachine m = active.get(q.trial().studyId()).orElseThrow();
                tasks.computeIfAbsent(m.spec().worker().pool(), p -> new ArrayList<>()).add(Tasks.of(m.study(), m.spec(), q.trial(), q.work(), datasetHash(m.spec().dataset().name()), seals,
                        clock.instant()));
            }
        }
        for (StudyMachine m : touched) {
            active.publish(m);
            if (m.study().state().isTerminal()) {
                ended.add(m.study().id());
            }
        }
        ended.forEach(active::remove);
        // Announced as soon as stored; sent without waiting for the broker's acknowledgement, so the
        // next batch is not held up by it (a refused send is sent again, see resend).
        for (Command c : commands) {
            if (c instanceof Command.Notify n) {
                announce(n.event());
            }
        }
        tasks.forEach(this::send);
        return tasks.values().stream().mapToInt(List::size).sum();
    }

    private void send(String pool, List<TrialTask> tasks) {
        dispatch.sendAll(pool, tasks).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("Kafka refused %d task(s) for pool %s (%s); sending those still queued again", tasks.size(), pool,
                        LogText.escape(String.valueOf(failure.getMessage())));
                loop.execute(() -> resend(pool, tasks));
            }
        });
    }

    /**
     * The tasks of a refused send whose segment is still queued as sent (same attempt and epochs),
     * sent again; a trial that moved on meanwhile (cancelled, retried by its lease) is not.
     */
    private void resend(String pool, List<TrialTask> tasks) {
        List<TrialTask> again = stillQueued(tasks, task -> active.get(task.studyId()).flatMap(m -> m.trial(task.trialId())));
        if (!again.isEmpty()) {
            send(pool, again);
        }
    }

    /** The tasks whose trial, as {@code trials} holds it now, is still queued for the same attempt and epochs. */
    static List<TrialTask> stillQueued(List<TrialTask> tasks, java.util.function.Function<TrialTask, Optional<Trial>> trials) {
        return tasks.stream().filter(task -> trials.apply(task).filter(t -> t.state() == TrialState.QUEUED && t.attempt() == task.attempt())
                .flatMap(Trial::segment).filter(seg -> seg.epochFrom() == task.epochFrom() && seg.epochTo() == task.epochTo())
                .isPresent()).toList();
    }

    private void rebuild(String studyId) {
        active.remove(studyId);
        studies.find(studyId).filter(s -> s.state() == StudyState.RUNNING).ifPresent(s -> activate(s, false));
    }

    /**
     * A trial that failed while a worker may still train it (its report broke the study's rules, e.g.
     * an external worker's without the objective) is stopped there: its slot is free for the next task.
     */
    private void stopOnWorkers(StudyEvent.TrialSettled failed) {
        String reason = "trial failed: " + (failed.reason() == null ? "" : failed.reason());
        try {
            dispatch.cancel(new Cancel(Cancel.VERSION, failed.studyId(), failed.trialId(), reason.substring(0, Math.min(500, reason.length())),
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.warnf("Cancel of failed trial %s not sent: %s", failed.trialId(), e.getMessage());
        }
    }

    private void announce(StudyEvent event) {
        if (event instanceof StudyEvent.StateChanged s && s.state().isTerminal()) {
            LOG.infof("Study %s %s%s", s.studyId(), s.state(), s.reason() == null ? "" : ": " + LogText.escape(s.reason()));
        } else if (event instanceof StudyEvent.TrialRetried r) {
            LOG.infof("Trial %s of study %s: attempt %d (%s)", r.trialId(), r.studyId(), r.attempt(), LogText.escape(r.reason()));
        } else if (event instanceof StudyEvent.TrialSettled s && s.state() == TrialState.FAILED) {
            LOG.infof("Trial %s of study %s failed: %s", s.trialId(), s.studyId(), LogText.escape(s.reason()));
            stopOnWorkers(s);
        }
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.debugf(e, "event of study %s not delivered", event.studyId());
        }
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** The study's trials as its machine holds them (leases up to date), while it runs here. Any thread. */
    Optional<List<Trial>> runningTrials(String studyId) {
        return active.snapshot(studyId);
    }

    private String datasetHash(String name) {
        return datasets.rows(name).contentHash();
    }

    /** Runs {@code work} on the conductor's thread and waits for it. */
    private <T> T call(Callable<T> work) {
        if (loop == null) {
            throw new IllegalStateException("the orchestrator role is off in this process (milotune.role=" + config.role() + ")");
        }
        Future<T> future = loop.submit(work);
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the conductor", e);
        }
    }

}
