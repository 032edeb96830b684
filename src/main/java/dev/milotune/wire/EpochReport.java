package dev.milotune.wire;

import java.time.Instant;
import java.util.Map;

/**
 * One trained epoch of one trial attempt, sent on the reports topic keyed by trial id. The
 * orchestrator stores it once per (trial, attempt, epoch).
 *
 * @param epoch 0-based, inside the segment {@code [epochFrom, epochTo)}
 * @param seal the segment's seal from its task (see {@link SegmentSeals}; since version 2)
 * @param itemsSeen training items in this epoch (the subset's size)
 * @param epochSeconds training time of the epoch, evaluation excluded
 * @param metrics every metric the worker measured, by name (since version 3; may be empty). An
 *     external worker's objective is one of them; when it is not empty, it is what counts.
 */
public record EpochReport(
        int v,
        String studyId,
        String trialId,
        int attempt,
        int epochFrom,
        int epochTo,
        String seal,
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double epochSeconds,
        long itemsSeen,
        String device,
        String workerId,
        Instant sentAt,
        Map<String, Double> metrics) implements WorkerMessage {

    public static final int VERSION = 3;

    /** The most metrics one report may carry. */
    public static final int MAX_METRICS = 64;

    /** The longest epoch a report may claim: a week. */
    public static final double MAX_EPOCH_SECONDS = 7 * 24 * 3600;

    public EpochReport {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireId(studyId, "studyId");
        Wire.requireId(trialId, "trialId");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.requireEpochs(epochFrom, epochTo);
        Wire.requireText(seal, "seal");
        Wire.require(epoch >= epochFrom && epoch < epochTo, "epoch", epoch, "must be in the segment [" + epochFrom + ", " + epochTo + ")");
        Wire.requireFinite(trainLoss, "trainLoss", 0, Double.MAX_VALUE);
        Wire.requireFinite(validationLoss, "validationLoss", 0, Double.MAX_VALUE);
        Wire.requireFinite(validationAccuracy, "validationAccuracy", 0, 1);
        Wire.requireFinite(epochSeconds, "epochSeconds", 0, MAX_EPOCH_SECONDS);
        Wire.require(itemsSeen >= 0 && itemsSeen <= Wire.MAX_ITEMS, "itemsSeen", itemsSeen, "must be in [0, " + Wire.MAX_ITEMS + "]");
        Wire.requireText(device, "device");
        Wire.requireText(workerId, "workerId");
        Wire.require(sentAt != null, "sentAt", null, "is required");
        Wire.require(metrics != null, "metrics", null, "is required (may be {})");
        Wire.require(metrics.size() <= MAX_METRICS, "metrics", metrics.size() + " metrics", "must be at most " + MAX_METRICS);
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            Wire.require(Wire.METRIC_NAME.matcher(m.getKey()).matches(), "metrics", Wire.abbreviate(m.getKey()),
                    "names must match " + Wire.METRIC_NAME.pattern());
            Wire.require(m.getValue() != null, "metrics." + m.getKey(), null, "must be a number");
            Wire.requireFinite(m.getValue(), "metrics." + m.getKey(), -Double.MAX_VALUE, Double.MAX_VALUE);
        }
        metrics = Map.copyOf(metrics);
    }
}
