package dev.milotune.wire;

import java.time.Instant;

/**
 * Stop training: every trial of a study, or one trial when {@code trialId} is set. Sent on the
 * control topic, which every worker reads in full (its own consumer group).
 */
public record Cancel(int v, String studyId, String trialId, String reason, Instant sentAt) {

    public static final int VERSION = 1;

    public Cancel {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireId(studyId, "studyId");
        if (trialId != null) {
            Wire.requireId(trialId, "trialId");
        }
        Wire.require(sentAt != null, "sentAt", null, "is required");
    }

    public boolean covers(String study, String trial) {
        return studyId.equals(study) && (trialId == null || trialId.equals(trial));
    }
}
