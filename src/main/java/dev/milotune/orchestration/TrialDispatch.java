package dev.milotune.orchestration;

import dev.milotune.wire.Cancel;
import dev.milotune.wire.TrialTask;
import java.util.List;

/** Port: how the orchestrator reaches the workers. Implemented over Kafka by messaging. */
public interface TrialDispatch {

    /**
     * Queues trial segments for any worker of {@code pool}; returns at once. The stage completes when
     * the broker has them all, or fails with the first refusal.
     */
    java.util.concurrent.CompletionStage<Void> sendAll(String pool, List<TrialTask> tasks);

    /** Tells every worker to stop a study's or a trial's training. */
    void cancel(Cancel cancel);

    /** Makes a subset plan available to every worker (compacted topic, keyed by plan id). */
    void publishPlan(String planId, byte[] plan);
}
