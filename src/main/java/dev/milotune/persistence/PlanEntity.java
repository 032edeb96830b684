package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "subset_plans")
class PlanEntity extends PanacheEntityBase {
    @Id
    String id;
    String dataset;
    @Column(name = "dataset_hash")
    String datasetHash;
    String encoder;
    double fraction;
    String state;
    @Column(name = "size_bytes")
    Long sizeBytes;
    String location;
    @Column(name = "preprocessing_seconds")
    Double preprocessingSeconds;
    @Column(length = 1_000_000)
    String provenance;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
}
