package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "trial_reports")
@IdClass(TrialReportEntity.Key.class)
class TrialReportEntity extends PanacheEntityBase {

    /** The natural key: a report is one epoch of one attempt of one trial. */
    static class Key implements java.io.Serializable {
        String trialId;
        int attempt;
        int epoch;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(trialId, k.trialId) && attempt == k.attempt && epoch == k.epoch;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(trialId, attempt, epoch);
        }
    }

    @Id
    @Column(name = "trial_id")
    String trialId;
    @Id
    int attempt;
    @Id
    int epoch;
    @Column(name = "train_loss")
    double trainLoss;
    @Column(name = "validation_loss")
    double validationLoss;
    @Column(name = "validation_accuracy")
    double validationAccuracy;
    double objective;
    @Column(name = "epoch_seconds")
    double epochSeconds;
    @Column(name = "items_seen")
    long itemsSeen;
    String device;
    @Column(name = "worker_id")
    String workerId;
    /** The worker's metrics as a JSON object (null: none). */
    String metrics;

    @Column(name = "reported_at")
    Instant reportedAt;
}
