package dev.milotune.orchestration;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker process as its latest heartbeat describes it.
 *
 * @param pool the worker pool whose tasks it reads
 * @param slots trial segments it can train at once
 * @param busySlots segments it is training now
 * @param device what trains: {@code cpu} or a GPU name
 */
public record WorkerStatus(String id, String host, String pool, int slots, int busySlots, String device,
        Instant startedAt, Instant lastHeartbeatAt) {

    public WorkerStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
    }

    public int freeSlots() {
        return Math.max(0, slots - busySlots);
    }
}
