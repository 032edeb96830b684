package dev.milotune.wire;

import java.time.Instant;
import java.util.Map;

/**
 * Train one segment of one trial: epochs {@code [epochFrom, epochTo)} of a schedule of
 * {@code totalEpochs}, resuming from {@code checkpoint} when it is set. Sent on the trials topic,
 * keyed by trial id; any worker of the consumer group may take it.
 *
 * @param v schema version, {@value #VERSION}
 * @param attempt the orchestrator's attempt counter; reports carry it back, so a retried segment's
 *     reports never mix with an abandoned attempt's
 * @param seed the trial's seed: weights, shuffling and subsets derive from it
 * @param hyperparameters the sampled configuration merged over the model's fixed settings
 * @param checkpoint reference into the checkpoint store (null: start from scratch)
 * @param evaluateTest also measure test accuracy at the end (the final full-data retrain)
 * @param validationSample the share of the validation split each epoch is scored on: a fixed,
 *     seeded, class-stratified sample that every trial shares (1: all of it; since version 2)
 * @param seal binds the worker's messages about this segment to it: echoed in every report,
 *     outcome and heartbeat (see {@link SegmentSeals}; since version 3)
 */
public record TrialTask(
        int v,
        String studyId,
        String trialId,
        int trialNumber,
        int attempt,
        long seed,
        String modelFamily,
        Map<String, Object> hyperparameters,
        DatasetRef dataset,
        SubsetRef subset,
        String objective,
        int epochFrom,
        int epochTo,
        int totalEpochs,
        String checkpoint,
        boolean evaluateTest,
        Instant issuedAt,
        double validationSample,
        String seal) {

    public static final int VERSION = 3;

    public TrialTask {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireId(studyId, "studyId");
        Wire.requireId(trialId, "trialId");
        Wire.require(trialNumber >= 0, "trialNumber", trialNumber, "must be >= 0");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.requireText(modelFamily, "modelFamily");
        Wire.require(hyperparameters != null, "hyperparameters", null, "is required");
        Wire.require(dataset != null, "dataset", null, "is required");
        Wire.require(subset != null, "subset", null, "is required");
        Wire.requireText(objective, "objective");
        Wire.requireEpochs(epochFrom, epochTo);
        Wire.require(totalEpochs >= epochTo, "totalEpochs", totalEpochs, "must be >= epochTo (" + epochTo + ")");
        Wire.require(issuedAt != null, "issuedAt", null, "is required");
        Wire.require(validationSample > 0 && validationSample <= 1, "validationSample", validationSample, "must be in (0, 1]");
        Wire.require(checkpoint == null || checkpoint.length() <= Wire.MAX_TEXT, "checkpoint", checkpoint, "must be at most "
                + Wire.MAX_TEXT + " characters");
        Wire.requireText(seal, "seal");
        hyperparameters = Map.copyOf(hyperparameters);
    }

    /** The report of one epoch of this segment, with the segment's seal. */
    public EpochReport report(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double epochSeconds,
            long itemsSeen, String device, String workerId, Instant sentAt) {
        return new EpochReport(EpochReport.VERSION, studyId, trialId, attempt, epochFrom, epochTo, seal, epoch, trainLoss,
                validationLoss, validationAccuracy, epochSeconds, itemsSeen, device, workerId, sentAt, Map.of());
    }

    /** How this segment ended, with its seal. */
    public SegmentOutcome outcome(SegmentOutcome.Status status, String reason, boolean retriable, String checkpoint,
            Double testAccuracy, String device, String workerId, Instant sentAt) {
        return new SegmentOutcome(SegmentOutcome.VERSION, studyId, trialId, attempt, epochFrom, epochTo, seal, status, reason,
                retriable, checkpoint, testAccuracy, device, workerId, sentAt);
    }

    /** This segment in a heartbeat, at {@code epoch}. */
    public Heartbeat.RunningSegment running(int epoch) {
        return new Heartbeat.RunningSegment(studyId, trialId, attempt, epochFrom, epochTo, seal, epoch);
    }

    /**
     * A dataset by catalogue name, pinned by its content hash (workers verify it before training),
     * and the encoder whose embeddings the {@code embedding-mlp} family trains on.
     */
    public record DatasetRef(String name, String contentHash, String encoder) {
        public DatasetRef {
            Wire.requireName(name, "dataset.name");
            Wire.requireText(contentHash, "dataset.contentHash");
            Wire.requireText(encoder, "dataset.encoder");
        }
    }

    /**
     * Which items train each epoch.
     *
     * @param strategy {@code milo}, {@code full}, {@code random}, {@code adaptive-random} (and the
     *     ablations of the selection package)
     * @param planId the MILO plan, for plan-based strategies
     * @param fraction subset size as a fraction of the training split
     * @param kappa share of epochs in the SGE phase
     * @param interval epochs between subset changes
     */
    public record SubsetRef(String strategy, String planId, double fraction, double kappa, int interval) {
        public SubsetRef {
            Wire.requireText(strategy, "subset.strategy");
            if (planId != null) {
                Wire.requireHex64(planId, "subset.planId");
            }
            Wire.require(fraction > 0 && fraction <= 1, "subset.fraction", fraction, "must be in (0, 1]");
            Wire.require(kappa >= 0 && kappa <= 1, "subset.kappa", kappa, "must be in [0, 1]");
            Wire.require(interval >= 1, "subset.interval", interval, "must be >= 1");
        }
    }
}
