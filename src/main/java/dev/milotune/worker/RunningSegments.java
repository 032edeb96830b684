package dev.milotune.worker;

import dev.milotune.wire.Heartbeat.RunningSegment;
import dev.milotune.wire.TrialTask;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The segments this worker trains right now; heartbeats carry them so their leases stay alive. */
@ApplicationScoped
public class RunningSegments {

    private final ConcurrentHashMap<String, RunningSegment> running = new ConcurrentHashMap<>();

    public void started(TrialTask task) {
        running.put(task.trialId(), task.running(task.epochFrom()));
    }

    public void epoch(TrialTask task, int epoch) {
        running.computeIfPresent(task.trialId(), (id, s) -> task.running(epoch));
    }

    public void finished(String trialId) {
        running.remove(trialId);
    }

    public List<RunningSegment> snapshot() {
        return List.copyOf(running.values());
    }
}
