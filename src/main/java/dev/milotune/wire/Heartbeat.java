package dev.milotune.wire;

import java.time.Instant;
import java.util.List;

/**
 * A worker is alive and has this many slots; sent every {@code milotune.worker.heartbeat-interval}.
 *
 * @param v schema version, {@value #VERSION}
 * @param workerId stable for the life of the worker process
 * @param slots trial segments it can train at once
 * @param busySlots segments it is training
 * @param device {@code cpu} or the GPU that trains
 * @param running the segments in training now, each with its seal; the orchestrator renews their leases
 * @param sentAt the worker's clock: shown, never used to judge liveness (the orchestrator stamps arrival)
 * @param pool the worker pool whose tasks the worker reads (since version 3; the built-in worker's is {@code builtin})
 */
public record Heartbeat(int v, String workerId, String host, int slots, int busySlots, String device,
        List<RunningSegment> running, Instant startedAt, Instant sentAt, String pool) implements WorkerMessage {

    public static final int VERSION = 3;

    /** The most slots one worker may announce. */
    public static final int MAX_SLOTS = 1_024;

    public Heartbeat {
        Wire.require(v == VERSION, "v", v, "must be " + VERSION);
        Wire.requireText(workerId, "workerId");
        Wire.requireText(host, "host");
        Wire.require(slots >= 0 && slots <= MAX_SLOTS, "slots", slots, "must be in [0, " + MAX_SLOTS + "]");
        Wire.require(busySlots >= 0 && busySlots <= slots, "busySlots", busySlots, "must be between 0 and slots (" + slots + ")");
        Wire.requireText(device, "device");
        running = running == null ? List.of() : List.copyOf(running);
        Wire.require(running.size() == busySlots, "running", running.size() + " segments", "must list busySlots (" + busySlots + ") segments");
        Wire.require(startedAt != null, "startedAt", null, "is required");
        Wire.require(sentAt != null, "sentAt", null, "is required");
        Wire.requirePool(pool);
    }

    /** A segment being trained (as its task named it, with its seal), and the epoch it is in. */
    public record RunningSegment(String studyId, String trialId, int attempt, int epochFrom, int epochTo, String seal, int epoch) {
        public RunningSegment {
            Wire.requireId(studyId, "running.studyId");
            Wire.requireId(trialId, "running.trialId");
            Wire.require(attempt >= 0, "running.attempt", attempt, "must be >= 0");
            Wire.requireEpochs(epochFrom, epochTo);
            Wire.requireText(seal, "running.seal");
            Wire.require(epoch >= epochFrom && epoch < epochTo, "running.epoch", epoch,
                    "must be in the segment [" + epochFrom + ", " + epochTo + ")");
        }
    }
}
