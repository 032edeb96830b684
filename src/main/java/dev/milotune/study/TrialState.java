package dev.milotune.study;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life of a trial under successive halving. A trial trains in segments: it is QUEUED when a
 * segment is sent to the workers, RUNNING while one trains it, PAUSED at a rung waiting for a
 * promotion decision, and ends COMPLETED (reached the top rung), PRUNED (stopped early by the
 * scheduler), FAILED (retries exhausted or a fatal error) or CANCELLED.
 */
public enum TrialState {
    PENDING,
    QUEUED,
    RUNNING,
    PAUSED,
    COMPLETED,
    PRUNED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == PRUNED || this == FAILED || this == CANCELLED;
    }

    public Set<TrialState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(QUEUED, CANCELLED, FAILED);
            // A redelivered or retried segment can be queued again from QUEUED or RUNNING.
            case QUEUED -> EnumSet.of(QUEUED, RUNNING, PAUSED, COMPLETED, PRUNED, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(QUEUED, RUNNING, PAUSED, COMPLETED, PRUNED, FAILED, CANCELLED);
            case PAUSED -> EnumSet.of(QUEUED, COMPLETED, PRUNED, CANCELLED);
            case COMPLETED, PRUNED, FAILED, CANCELLED -> EnumSet.noneOf(TrialState.class);
        };
    }

    /** The state after a move to {@code target}; an illegal move names both states. */
    public TrialState moveTo(TrialState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a trial cannot move from " + this + " to " + target);
        }
        return target;
    }
}
