package dev.milotune.scheduling;

import dev.milotune.space.InvalidSpecException;

/**
 * No early stopping: every trial trains to R in one segment.
 *
 * @param R the resource every trial trains to (epochs for the epoch fidelity)
 * @param maxTrials how many trials are started
 */
public record NoneOptions(int R, int maxTrials) implements SchedulerSpec {

    public NoneOptions {
        if (R < 1) {
            throw new InvalidSpecException("scheduler.R", R, "must be >= 1");
        }
        Ladder.checkMaxTrials(maxTrials);
    }
}
