package dev.milotune.scheduling;

/**
 * What determines a scheduler's state: the orchestrator stores these in order and hands them to
 * {@link Schedulers#restore} after a restart. Decisions ({@link Started}, {@link Promoted}) and
 * results ({@link Reported}, {@link Failed}) are both facts, so that replay needs no re-deciding.
 */
public sealed interface Fact permits Fact.Started, Fact.Promoted, Fact.Reported, Fact.Failed {

    int trialNumber();

    /** The scheduler started trial {@code trialNumber} in {@code bracket} towards its bottom rung. */
    record Started(int trialNumber, int bracket, Rung rung) implements Fact {
    }

    /** The scheduler promoted the trial from the rung it reported at to {@code to}. */
    record Promoted(int trialNumber, Rung to) implements Fact {
    }

    /** The trial finished training up to {@code rung.resource} with this score (higher is better). */
    record Reported(int trialNumber, Rung rung, double score) implements Fact {
    }

    /** The trial's retries at {@code rung} are exhausted: it sits in that rung with the worst score. */
    record Failed(int trialNumber, Rung rung) implements Fact {
    }
}
