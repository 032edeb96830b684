package dev.milotune.study;

import java.util.EnumSet;
import java.util.Set;

/** Life of a study. Terminal states accept no transition. */
public enum StudyState {
    /** Accepted, nothing started yet. */
    PENDING,
    /** Waiting for its subset plan to be computed. */
    PLANNING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public Set<StudyState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PLANNING, RUNNING, FAILED, CANCELLED);
            case PLANNING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(StudyState.class);
        };
    }

    /** The state after a move to {@code target}; an illegal move names both states. */
    public StudyState moveTo(StudyState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a study cannot move from " + this + " to " + target);
        }
        return target;
    }
}
