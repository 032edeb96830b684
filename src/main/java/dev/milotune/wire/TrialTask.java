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
        double validationSample) {

    public static final int VERSION = 2;

    public TrialTask {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireText(studyId, "studyId");
        Wire.requireText(trialId, "trialId");
        Wire.require(trialNumber >= 0, "trialNumber", trialNumber, "must be >= 0");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.requireText(modelFamily, "modelFamily");
        Wire.require(hyperparameters != null, "hyperparameters", null, "is required");
        Wire.require(dataset != null, "dataset", null, "is required");
        Wire.require(subset != null, "subset", null, "is required");
        Wire.requireText(objective, "objective");
        Wire.require(epochFrom >= 0, "epochFrom", epochFrom, "must be >= 0");
        Wire.require(epochTo > epochFrom, "epochTo", epochTo, "must be > epochFrom (" + epochFrom + ")");
        Wire.require(totalEpochs >= epochTo, "totalEpochs", totalEpochs, "must be >= epochTo (" + epochTo + ")");
        Wire.require(issuedAt != null, "issuedAt", null, "is required");
        Wire.require(validationSample > 0 && validationSample <= 1, "validationSample", validationSample, "must be in (0, 1]");
        hyperparameters = Map.copyOf(hyperparameters);
    }

    /**
     * A dataset by catalogue name, pinned by its content hash (workers verify it before training),
     * and the encoder whose embeddings the {@code embedding-mlp} family trains on.
     */
    public record DatasetRef(String name, String contentHash, String encoder) {
        public DatasetRef {
            Wire.requireText(name, "dataset.name");
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
            Wire.require(fraction > 0 && fraction <= 1, "subset.fraction", fraction, "must be in (0, 1]");
            Wire.require(kappa >= 0 && kappa <= 1, "subset.kappa", kappa, "must be in [0, 1]");
            Wire.require(interval >= 1, "subset.interval", interval, "must be >= 1");
        }
    }
}
