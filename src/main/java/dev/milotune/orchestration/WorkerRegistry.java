package dev.milotune.orchestration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Keeps track of workers from their heartbeats: who is alive and how many slots are free. */
@ApplicationScoped
public class WorkerRegistry {

    private final WorkerRepository workers;
    private final Clock clock;

    WorkerRegistry(WorkerRepository workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    @Transactional
    public void heartbeat(WorkerStatus status) {
        workers.save(status);
    }

    @Transactional
    public List<WorkerStatus> all() {
        return workers.list();
    }

    /** Workers whose last heartbeat is younger than {@code maxSilence}. */
    @Transactional
    public List<WorkerStatus> alive(Duration maxSilence) {
        var cutoff = clock.instant().minus(maxSilence);
        return workers.list().stream().filter(w -> w.lastHeartbeatAt().isAfter(cutoff)).toList();
    }
}
