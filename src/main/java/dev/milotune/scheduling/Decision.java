package dev.milotune.scheduling;

/** What a free worker slot should do, as answered by {@link Scheduler#next()}. */
public sealed interface Decision permits Decision.Start, Decision.Promote, Decision.Wait, Decision.Done {

    /** A new trial: sample its configuration and train it from nothing up to {@code rung.resource}. */
    record Start(int trialNumber, int bracket, Rung rung) implements Decision {
    }

    /** Continue the trial from {@code from.resource} to {@code to.resource} (resuming from its checkpoint). */
    record Promote(int trialNumber, int bracket, Rung from, Rung to) implements Decision {
    }

    /** Nothing is runnable until more results arrive. */
    record Wait() implements Decision {
    }

    /** The study's schedule is complete: every trial is started, none runs, none can be promoted. */
    record Done() implements Decision {
    }
}
