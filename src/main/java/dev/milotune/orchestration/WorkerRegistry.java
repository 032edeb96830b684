package dev.milotune.orchestration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps track of workers from their heartbeats: who is alive and how many slots they offer. A
 * heartbeat is stamped with the orchestrator's clock when it arrives (a worker's own clock is not
 * trusted), kept in memory for dispatch and stored for the API.
 */
@ApplicationScoped
public class WorkerRegistry {

    private final WorkerRepository workers;
    private final Clock clock;
    private final Map<String, WorkerStatus> latest = new ConcurrentHashMap<>();

    WorkerRegistry(WorkerRepository workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    /** A worker's heartbeat; {@code status.lastHeartbeatAt} is replaced by the time of arrival. */
    @Transactional
    public void heartbeat(WorkerStatus status) {
        WorkerStatus stamped = new WorkerStatus(status.id(), status.host(), status.pool(), status.slots(), status.busySlots(), status.device(),
                status.startedAt(), clock.instant());
        latest.put(stamped.id(), stamped);
        workers.save(stamped);
    }

    @Transactional
    public List<WorkerStatus> all() {
        return workers.list();
    }

    /** Workers whose last heartbeat is younger than {@code maxSilence}. */
    public List<WorkerStatus> alive(Duration maxSilence) {
        Instant cutoff = clock.instant().minus(maxSilence);
        return latest.values().stream().filter(w -> w.lastHeartbeatAt().isAfter(cutoff)).toList();
    }

    /** Slots of each pool's workers alive within {@code maxSilence}, summed without overflow. */
    public Map<String, Integer> aliveSlotsByPool(Duration maxSilence) {
        Map<String, Long> slots = new HashMap<>();
        for (WorkerStatus w : alive(maxSilence)) {
            slots.merge(w.pool(), (long) Math.max(0, w.slots()), Long::sum);
        }
        Map<String, Integer> capped = new HashMap<>();
        slots.forEach((pool, n) -> capped.put(pool, (int) Math.min(Integer.MAX_VALUE, n)));
        return capped;
    }
}
