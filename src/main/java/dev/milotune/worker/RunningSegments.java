package dev.milotune.worker;

import dev.milotune.wire.Heartbeat.RunningSegment;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The segments this worker trains right now; heartbeats carry them so their leases stay alive. */
@ApplicationScoped
public class RunningSegments {

    private final ConcurrentHashMap<String, RunningSegment> running = new ConcurrentHashMap<>();

    public void started(String trialId, int attempt, int epoch) {
        running.put(trialId, new RunningSegment(trialId, attempt, epoch));
    }

    public void epoch(String trialId, int attempt, int epoch) {
        running.computeIfPresent(trialId, (id, s) -> new RunningSegment(id, attempt, epoch));
    }

    public void finished(String trialId) {
        running.remove(trialId);
    }

    public List<RunningSegment> snapshot() {
        return List.copyOf(running.values());
    }
}
