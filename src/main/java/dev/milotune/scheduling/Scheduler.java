package dev.milotune.scheduling;

import java.util.List;

/**
 * Decides when trials start, continue or stop: a state machine fed with results, answering typed
 * decisions, doing no I/O. Scores are higher-is-better (the orchestrator converts with
 * {@code Direction.score}). Not thread-safe: the orchestrator serialises calls per study.
 *
 * <p>Everything that changes the state is a {@link Fact}; {@link Schedulers#restore} replays the
 * facts into an equal scheduler.
 */
public interface Scheduler {

    /** A worker slot is free. A returned {@link Decision.Start} or {@link Decision.Promote} is recorded as a fact. */
    Decision next();

    /**
     * The trial finished training up to {@code rung.resource} with this score. A second report for a
     * rung the trial already reported at (or failed at) is ignored: the first one counts. NaN ranks
     * below every score and is never promoted.
     *
     * @throws IllegalStateException if the trial was never started or not sent to that rung
     * @throws IllegalArgumentException if {@code rung} is not a rung of the trial's bracket
     */
    void report(int trialNumber, Rung rung, double score);

    /**
     * The trial's retries at {@code rung} are exhausted: it enters that rung with the worst score, so it
     * still counts in the rung's size but is never promoted. Ignored when the trial already reported
     * or failed at that rung.
     */
    void fail(int trialNumber, Rung rung);

    /** Everything that determines the state, in order: a read-only view that grows as the scheduler runs. */
    List<Fact> facts();

    /**
     * True once the trial can never be promoted again: it reported at a rung below the top, was not
     * promoted from it, and even if every trial that may still reach that rung scored below it, it would
     * not be within the top ⌊n_k/η⌋. Under SHA this happens when its rung closes; under ASHA and
     * Hyperband when too few trials can still arrive at its rung. False for running, failed, completed
     * (top rung) and unknown trials. The orchestrator marks such trials PRUNED.
     */
    boolean isStopped(int trialNumber);

    /** The rungs of {@code bracket}, bottom first; the last one's resource is R. */
    List<Rung> rungs(int bracket);
}
