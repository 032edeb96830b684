package dev.milotune.orchestration;

import java.util.List;

/** Port: the workers seen through their heartbeats. */
public interface WorkerRepository {

    /** Inserts the worker or replaces its previous status. */
    void save(WorkerStatus worker);

    /** All workers ever seen, most recent heartbeat first. */
    List<WorkerStatus> list();
}
