package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "trials")
class TrialEntity extends PanacheEntityBase {
    @Id
    String id;
    @Column(name = "study_id")
    String studyId;
    int number;
    String purpose;
    String state;
    @Column(length = 65536)
    String configuration;
    long seed;
    int attempt;
    int bracket;
    int rung;
    @Column(name = "epochs_done")
    int epochsDone;
    @Column(name = "best_value")
    Double bestValue;
    @Column(name = "training_seconds")
    double trainingSeconds;
    String device;
    String checkpoint;
    @Column(name = "segment_rung")
    Integer segmentRung;
    @Column(name = "segment_from")
    Integer segmentFrom;
    @Column(name = "segment_to")
    Integer segmentTo;
    @Column(name = "lease_expires_at")
    Instant leaseExpiresAt;
    @Column(name = "test_accuracy")
    Double testAccuracy;
    String error;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Version
    long version;
}
