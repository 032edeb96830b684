package dev.milotune.bench;

import dev.milotune.machine.StudyEvent;
import dev.milotune.study.TrialState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the orchestrator settled each trial's segments (paused it at a rung, completed or pruned it),
 * on this process's monotonic clock; recorded only while the orchestrator experiment runs.
 */
@ApplicationScoped
class SettledTrials {

    private volatile boolean recording;
    private final Map<String, List<Long>> settledNanos = new ConcurrentHashMap<>();

    void on(@Observes StudyEvent event) {
        if (recording && event instanceof StudyEvent.TrialSettled s && (s.state() == TrialState.PAUSED
                || s.state() == TrialState.COMPLETED)) {
            settledNanos.computeIfAbsent(s.trialId(), k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
        }
    }

    void record() {
        settledNanos.clear();
        recording = true;
    }

    void stop() {
        recording = false;
    }

    /** The first settling of the trial at or after {@code sentNanos}, if any. */
    Long firstAfter(String trialId, long sentNanos) {
        List<Long> times = settledNanos.getOrDefault(trialId, List.of());
        synchronized (times) {
            return times.stream().filter(t -> t >= sentNanos).min(Long::compare).orElse(null);
        }
    }
}
