package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DjlSetup;
import dev.milotune.metrics.SegmentTimers;
import dev.milotune.selection.CurriculumOptions;
import dev.milotune.selection.EpochSubsets;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.selection.SubsetStrategy;
import dev.milotune.study.LogText;
import dev.milotune.study.ModelFamily;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns a trial segment into trained epochs: for each epoch the subset of the study's strategy
 * (MILO's curriculum or a baseline), one epoch of training, validation, a report; at the end a
 * checkpoint and the segment's outcome. Failures are reported, never thrown: the trial's own
 * (NaN loss, bad hyperparameters) as final, anything else as retriable.
 */
@ApplicationScoped
public class TrialRunner {

    private static final Logger LOG = Logger.getLogger(TrialRunner.class);

    private final WorkerEvents events;
    private final WorkerIdentity identity;
    private final RunningSegments running;
    private final Cancellations cancellations;
    private final Heartbeats heartbeats;
    private final PlanSource planSource;
    private final Clock clock;
    private final TrainingSets sets;
    private final CheckpointStore checkpoints;
    private final Path planDir;
    private final ConcurrentHashMap<String, SubsetPlan> plans = new ConcurrentHashMap<>();
    /**
     * Segments completed here (the latest few thousand), so a redelivered task re-sends its outcome
     * instead of retraining. A segment is its trial, attempt, epochs and data: a data-fidelity
     * promotion trains the same epochs again on a larger subset, and is another segment.
     */
    /**
     * Segments training here now. A second copy of one (an orchestrator that restarted sends a
     * segment no worker had started again, and the first copy may be on its way too) is dropped:
     * the copy in training reports for both.
     */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final Map<String, SegmentOutcome> completed = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SegmentOutcome> eldest) {
                    return size() > 10_000;
                }
            });
    private final Device device;
    private final int threadsPerSlot;
    private final WarmModels warmModels;
    private final io.micrometer.core.instrument.Timer dispatchToStart;

    TrialRunner(MilotuneConfig config, WorkerEvents events, WorkerIdentity identity, RunningSegments running,
            Cancellations cancellations, Heartbeats heartbeats, PlanSource planSource, Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.events = events;
        this.identity = identity;
        this.running = running;
        this.cancellations = cancellations;
        this.heartbeats = heartbeats;
        this.planSource = planSource;
        this.clock = clock;
        DataDirectory dataDir = new DataDirectory(config.dataDir());
        DjlSetup.configure(dataDir);
        this.device = Engine.getEngine("PyTorch").defaultDevice();
        this.sets = new TrainingSets(dataDir, device);
        this.checkpoints = new CheckpointStore(config.dataDir().resolve("checkpoints"));
        this.planDir = config.dataDir().resolve("plans");
        this.threadsPerSlot = TrainingThreads.perSlot(config.worker().slots(), config.worker().threadsPerSlot());
        this.warmModels = new WarmModels(config.worker().warmModels());
        this.dispatchToStart = SegmentTimers.dispatchToStart(meters);
    }

    /** Forgets the models kept warm, as a worker that never trained them would be. */
    void forgetWarmModels() {
        warmModels.clear();
    }

    /** The device that trains: {@code cpu} or {@code gpu:N}. */
    public String device() {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    public void run(TrialTask task) {
        String key = String.join("#", task.trialId(), String.valueOf(task.attempt()), String.valueOf(task.epochFrom()),
                String.valueOf(task.epochTo()), task.subset().strategy(), String.valueOf(task.subset().fraction()),
                String.valueOf(task.subset().planId()));
        if (!inProgress.add(key)) {
            LOG.debugf("Segment %s is training here already; its copy is dropped", key);
            return;
        }
        try {
            runOnce(task, key);
        } finally {
            inProgress.remove(key);
        }
    }

    private void runOnce(TrialTask task, String key) {
        SegmentOutcome done = completed.get(key);
        if (done != null) {
            // A redelivered task of a segment that finished here: its outcome again, no training.
            events.send(task.trialId(), done);
            return;
        }
        if (cancellations.isCancelled(task.studyId(), task.trialId())) {
            outcome(task, SegmentOutcome.Status.CANCELLED, "cancelled before it started", false, null, null);
            return;
        }
        running.started(task);
        dispatchToStart.record(java.time.Duration.between(task.issuedAt(), clock.instant()));
        // The segment's lease counts from here: the orchestrator hears of the start at once.
        heartbeats.beat();
        try {
            completed.put(key, train(task));
        } catch (SegmentTrainer.CancelledException e) {
            outcome(task, SegmentOutcome.Status.CANCELLED, "cancelled", false, null, null);
        } catch (InvalidTrialException e) {
            LOG.infof("Trial %s failed: %s", task.trialId(), LogText.escape(e.getMessage()));
            outcome(task, SegmentOutcome.Status.FAILED, e.getMessage(), false, null, null);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Trial %s attempt %d failed; the orchestrator may retry it", task.trialId(), task.attempt());
            outcome(task, SegmentOutcome.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), true, null, null);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // The trial's own doing (a model too large for this worker): it fails, the worker goes on.
            // Its trainer was closed on the way out, so its native and heap memory is free again.
            LOG.errorf("Trial %s attempt %d failed with %s; the worker goes on", task.trialId(), task.attempt(), e);
            outcome(task, SegmentOutcome.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), false, null, null);
        } finally {
            running.finished(task.trialId());
        }
    }

    private SegmentOutcome train(TrialTask task) {
        // Before any arithmetic on this thread, the resident splits' copy included (see TrainingThreads).
        TrainingThreads.use(threadsPerSlot);
        ModelFamily family = ModelFamily.byId(task.modelFamily())
                .orElseThrow(() -> new InvalidTrialException("model family " + task.modelFamily() + " is not one of " + ModelFamily.ids()));
        Hyperparameters hp = Hyperparameters.of(family, task.hyperparameters());
        TrainingSets.TrainingSet data = sets.forTask(task.dataset(), family, hp);
        SubsetStrategy strategy = strategy(task.subset().strategy());
        SubsetPlan plan = strategy.needsPlan() ? plan(task.subset().planId()) : null;
        CurriculumOptions curriculum = new CurriculumOptions(task.subset().kappa(), task.subset().interval());
        WarmModels.Key resumes = new WarmModels.Key(task.trialId(), task.seed(), task.hyperparameters(), task.epochFrom(),
                task.checkpoint());
        Optional<SegmentTrainer> warm = task.checkpoint() == null ? Optional.empty() : warmModels.take(resumes);
        SegmentTrainer trainer = warm.orElseGet(() -> new SegmentTrainer(family, hp, data.train(), data.numClasses(), task.seed(),
                task.totalEpochs()));
        boolean kept = false;
        try {
            if (warm.isEmpty() && task.checkpoint() != null) {
                Checkpoint checkpoint = checkpoints.read(task.checkpoint());
                if (checkpoint.epochsDone() != task.epochFrom()) {
                    throw new InvalidTrialException("checkpoint " + task.checkpoint() + " is after epoch " + checkpoint.epochsDone()
                            + ", but the segment starts at epoch " + task.epochFrom());
                }
                trainer.restore(checkpoint);
            } else if (task.checkpoint() == null && task.epochFrom() != 0) {
                throw new InvalidTrialException("segment starts at epoch " + task.epochFrom() + " but names no checkpoint");
            }
            for (int epoch = task.epochFrom(); epoch < task.epochTo(); epoch++) {
                int[] subset = EpochSubsets.forEpoch(strategy, plan, data.train().size(), task.subset().fraction(), task.seed(),
                        epoch, task.totalEpochs(), curriculum);
                running.epoch(task, epoch);
                SegmentTrainer.EpochResult result = trainer.trainEpoch(epoch, subset,
                        () -> cancellations.isCancelled(task.studyId(), task.trialId()));
                SegmentTrainer.Evaluation validation = trainer.evaluate(data.validation(),
                        task.validationSample() < 1 ? data.validation().stratifiedSample(task.validationSample()) : null);
                if (!Double.isFinite(validation.loss())) {
                    throw new InvalidTrialException("validation loss is " + validation.loss() + " after epoch " + epoch);
                }
                events.send(task.trialId(), task.report(epoch, result.trainLoss(), validation.loss(), validation.accuracy(),
                        result.seconds(), result.items(), device(), identity.id(), clock.instant()));
            }
            String reference = checkpoints.write(task.studyId(), task.trialId(), task.attempt(), trainer.checkpoint(task.epochTo()));
            Double testAccuracy = task.evaluateTest() ? trainer.evaluate(data.test()).accuracy() : null;
            if (task.epochTo() < task.totalEpochs() && !task.evaluateTest()) {
                // A promotion may continue it here: kept warm, under the checkpoint it just wrote.
                warmModels.keep(new WarmModels.Key(task.trialId(), task.seed(), task.hyperparameters(), task.epochTo(), reference),
                        trainer);
                kept = true;
            }
            return outcome(task, SegmentOutcome.Status.COMPLETED, null, false, reference, testAccuracy);
        } finally {
            if (!kept) {
                trainer.close();
            }
        }
    }

    private SubsetPlan plan(String planId) {
        if (planId == null) {
            throw new InvalidTrialException("the subset strategy needs a plan, but the task names none");
        }
        return plans.computeIfAbsent(planId, id -> {
            Path file = planDir.resolve(id + ".plan");
            try {
                if (!Files.exists(file)) {
                    byte[] bytes = planSource.fetch(id).orElseThrow(() -> new IllegalStateException(
                            "plan " + id + " is neither in " + planDir + " nor on the plans topic"));
                    Files.createDirectories(planDir);
                    Path temp = Files.createTempFile(planDir, id, ".tmp");
                    Files.write(temp, bytes);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                SubsetPlan plan = SubsetPlan.fromBytes(Files.readAllBytes(file));
                if (!plan.id().equals(id)) {
                    throw new IllegalStateException("plan file " + file + " holds plan " + plan.id());
                }
                return plan;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read plan " + id, e);
            }
        });
    }

    private static SubsetStrategy strategy(String name) {
        return SubsetStrategy.byName(name).orElseThrow(() -> new InvalidTrialException("subset strategy " + name + " is not one of "
                + java.util.Arrays.stream(SubsetStrategy.values()).map(SubsetStrategy::id).toList()));
    }

    private SegmentOutcome outcome(TrialTask task, SegmentOutcome.Status status, String reason, boolean retriable,
            String checkpoint, Double testAccuracy) {
        SegmentOutcome outcome = task.outcome(status, reason, retriable, checkpoint, testAccuracy, device(), identity.id(),
                clock.instant());
        events.send(task.trialId(), outcome);
        return outcome;
    }
}
