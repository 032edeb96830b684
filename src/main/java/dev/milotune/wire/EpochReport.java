package dev.milotune.wire;

import java.time.Instant;

/**
 * One trained epoch of one trial attempt, sent on the reports topic keyed by trial id. The
 * orchestrator stores it once per (trial, attempt, epoch).
 *
 * @param epoch 0-based
 * @param itemsSeen training items in this epoch (the subset's size)
 * @param epochSeconds training time of the epoch, evaluation excluded
 */
public record EpochReport(
        int v,
        String studyId,
        String trialId,
        int attempt,
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double epochSeconds,
        long itemsSeen,
        String device,
        String workerId,
        Instant sentAt) implements WorkerMessage {

    public static final int VERSION = 1;

    public EpochReport {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireText(studyId, "studyId");
        Wire.requireText(trialId, "trialId");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.require(epoch >= 0, "epoch", epoch, "must be >= 0");
        Wire.require(!Double.isNaN(validationAccuracy), "validationAccuracy", validationAccuracy, "must be a number");
        Wire.require(epochSeconds >= 0, "epochSeconds", epochSeconds, "must be >= 0");
        Wire.require(itemsSeen >= 0, "itemsSeen", itemsSeen, "must be >= 0");
        Wire.requireText(device, "device");
        Wire.requireText(workerId, "workerId");
        Wire.require(sentAt != null, "sentAt", null, "is required");
    }
}
