package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "trial_reports")
class TrialReportEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "trial_id")
    String trialId;
    int attempt;
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
    @Column(name = "reported_at")
    Instant reportedAt;
}
