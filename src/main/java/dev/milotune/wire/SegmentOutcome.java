package dev.milotune.wire;

import java.time.Instant;

/**
 * How a segment ended, sent on the reports topic keyed by trial id after its last epoch report.
 *
 * @param status {@code COMPLETED}: trained to epochTo, checkpoint written; {@code FAILED}: see
 *     {@code reason}; {@code CANCELLED}: stopped by a cancel message
 * @param retriable for FAILED: true for transient causes (storage, broker), false for the trial's
 *     own (NaN loss, invalid hyperparameters)
 * @param checkpoint where the state after epochTo was stored (COMPLETED only)
 * @param testAccuracy measured when the task asked for it (final retrain), else null
 */
public record SegmentOutcome(
        int v,
        String studyId,
        String trialId,
        int attempt,
        int epochTo,
        Status status,
        String reason,
        boolean retriable,
        String checkpoint,
        Double testAccuracy,
        String device,
        String workerId,
        Instant sentAt) implements WorkerMessage {

    public static final int VERSION = 1;

    public enum Status {
        COMPLETED,
        FAILED,
        CANCELLED
    }

    public SegmentOutcome {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireText(studyId, "studyId");
        Wire.requireText(trialId, "trialId");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.require(status != null, "status", null, "is required");
        Wire.require(status != Status.FAILED || (reason != null && !reason.isBlank()), "reason", reason, "is required when status is FAILED");
        Wire.requireText(device, "device");
        Wire.requireText(workerId, "workerId");
        Wire.require(sentAt != null, "sentAt", null, "is required");
    }
}
