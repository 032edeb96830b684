package dev.milotune.orchestration;

import java.util.List;
import java.util.Optional;

/** Port: metadata of the subset plans computed so far. */
public interface PlanRepository {

    /** Stores the record unless a plan with its id exists (plans are immutable). */
    void saveIfAbsent(PlanRecord plan);

    Optional<PlanRecord> find(String id);

    List<PlanRecord> list();
}
