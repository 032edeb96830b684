package dev.milotune.machine;

import dev.milotune.study.StudyPhase;
import dev.milotune.study.StudyState;
import dev.milotune.study.TrialState;
import java.time.Instant;

/** Something changed in a study, announced after the change is stored (the API streams these). */
public sealed interface StudyEvent {

    String studyId();

    Instant at();

    /** The study's state changed; {@code reason} says why it failed, else null. */
    record StateChanged(String studyId, StudyState state, String reason, Instant at) implements StudyEvent {
    }

    record PhaseChanged(String studyId, StudyPhase phase, Instant at) implements StudyEvent {
    }

    /** A segment of the trial was sent to the workers. */
    record TrialQueued(String studyId, String trialId, int number, int attempt, int rung, Instant at) implements StudyEvent {
    }

    /** A worker started the trial's segment. */
    record TrialStarted(String studyId, String trialId, int attempt, Instant at) implements StudyEvent {
    }

    record EpochReported(String studyId, String trialId, int attempt, int epoch, double objective, Instant at) implements StudyEvent {
    }

    /** The trial settled after a segment: PAUSED at a rung, or COMPLETED, PRUNED, FAILED or CANCELLED; {@code reason} for failures. */
    record TrialSettled(String studyId, String trialId, TrialState state, int rung, String reason, Instant at) implements StudyEvent {
    }

    /** The trial's segment is sent again as {@code attempt}. */
    record TrialRetried(String studyId, String trialId, int attempt, String reason, Instant at) implements StudyEvent {
    }

    /** A new leader of the study. */
    record BestChanged(String studyId, String trialId, double value, Instant at) implements StudyEvent {
    }

    /** The study's subset plans are being computed (or were found). */
    record Planning(String studyId, String detail, Instant at) implements StudyEvent {
    }
}
