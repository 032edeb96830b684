package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "studies")
class StudyEntity extends PanacheEntityBase {
    @Id
    String id;
    String name;
    String state;
    String phase;
    @Column(length = 1_000_000)
    String spec;
    long seed;
    @Column(name = "best_trial_id")
    String bestTrialId;
    @Column(name = "best_value")
    Double bestValue;
    @Column(name = "final_test_accuracy")
    Double finalTestAccuracy;
    String error;
    @Column(name = "plan_ids")
    String planIds;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "started_at")
    Instant startedAt;
    @Column(name = "finished_at")
    Instant finishedAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Version
    long version;
}
