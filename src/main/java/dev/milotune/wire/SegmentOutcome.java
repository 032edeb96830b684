package dev.milotune.wire;

import java.time.Instant;

/**
 * How a segment ended, sent on the reports topic keyed by trial id after its last epoch report.
 *
 * @param status {@code COMPLETED}: trained to epochTo, checkpoint written; {@code FAILED}: see
 *     {@code reason}; {@code CANCELLED}: stopped by a cancel message
 * @param retriable for FAILED: true for transient causes (storage, broker), false for the trial's
 *     own (NaN loss, invalid hyperparameters)
 * @param seal the segment's seal from its task (see {@link SegmentSeals}; since version 2)
 * @param checkpoint where the state after epochTo was stored (COMPLETED only)
 * @param testAccuracy measured when the task asked for it (final retrain), else null
 */
public record SegmentOutcome(
        int v,
        String studyId,
        String trialId,
        int attempt,
        int epochFrom,
        int epochTo,
        String seal,
        Status status,
        String reason,
        boolean retriable,
        String checkpoint,
        Double testAccuracy,
        String device,
        String workerId,
        Instant sentAt) implements WorkerMessage {

    public static final int VERSION = 2;

    public enum Status {
        COMPLETED,
        FAILED,
        CANCELLED
    }

    public SegmentOutcome {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireId(studyId, "studyId");
        Wire.requireId(trialId, "trialId");
        Wire.require(attempt >= 0, "attempt", attempt, "must be >= 0");
        Wire.requireEpochs(epochFrom, epochTo);
        Wire.requireText(seal, "seal");
        Wire.require(reason == null || reason.length() <= Wire.MAX_TEXT, "reason", reason == null ? 0 : reason.length() + " characters",
                "must be at most " + Wire.MAX_TEXT);
        Wire.require(checkpoint == null || checkpoint.length() <= Wire.MAX_TEXT, "checkpoint", checkpoint, "must be at most "
                + Wire.MAX_TEXT + " characters");
        Wire.require(testAccuracy == null || (Double.isFinite(testAccuracy) && testAccuracy >= 0 && testAccuracy <= 1), "testAccuracy",
                testAccuracy, "must be a finite number in [0, 1]");
        Wire.require(status != null, "status", null, "is required");
        Wire.require(status != Status.FAILED || (reason != null && !reason.isBlank()), "reason", reason, "is required when status is FAILED");
        Wire.requireText(device, "device");
        Wire.requireText(workerId, "workerId");
        Wire.require(sentAt != null, "sentAt", null, "is required");
    }
}
