package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

@Entity
@Table(name = "scheduler_facts")
@IdClass(FactEntity.Key.class)
class FactEntity extends PanacheEntityBase {
    @Id
    @Column(name = "study_id")
    String studyId;
    @Id
    int seq;
    String kind;
    @Column(name = "trial_number")
    int trialNumber;
    int bracket;
    @Column(name = "rung_index")
    int rungIndex;
    @Column(name = "rung_resource")
    int rungResource;
    Double score;

    record Key(String studyId, int seq) implements Serializable {
    }
}
