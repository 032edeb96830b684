package dev.milotune.study;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tuning study as stored: its specification (the JSON the user submitted, defaults applied, kept
 * verbatim so that nothing of it is lost), its seed, state and outcome.
 *
 * @param phase where the study is in its work, see {@link StudyPhase}
 * @param planIds the subset plans its trials train on (one per rung for data fidelity)
 * @param bestTrialId the leading trial so far, if any
 * @param bestValue its objective value
 * @param finalTestAccuracy mean test accuracy of the best configuration retrained on full data
 * @param error why the study failed, if it did
 */
public record Study(
        String id,
        String name,
        StudyState state,
        StudyPhase phase,
        String spec,
        long seed,
        List<String> planIds,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Instant updatedAt,
        Optional<String> bestTrialId,
        Optional<Double> bestValue,
        Optional<Double> finalTestAccuracy,
        Optional<String> error) {

    public Study {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(spec, "spec");
        planIds = List.copyOf(planIds);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(bestTrialId, "bestTrialId");
        Objects.requireNonNull(bestValue, "bestValue");
        Objects.requireNonNull(finalTestAccuracy, "finalTestAccuracy");
        Objects.requireNonNull(error, "error");
    }

    /** A new study in state PENDING. */
    public static Study create(String id, String name, String spec, long seed, Instant now) {
        return new Study(id, name, StudyState.PENDING, StudyPhase.SEARCHING, spec, seed, List.of(), now, Optional.empty(), Optional.empty(), now,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This study in {@code target}; RUNNING records the start, a terminal state the end. */
    public Study withState(StudyState target, Instant now) {
        StudyState next = state.moveTo(target);
        return new Study(id, name, next, next.isTerminal() ? StudyPhase.DONE : phase, spec, seed, planIds, createdAt,
                next == StudyState.RUNNING && startedAt.isEmpty() ? Optional.of(now) : startedAt,
                next.isTerminal() ? Optional.of(now) : finishedAt, now, bestTrialId, bestValue, finalTestAccuracy, error);
    }

    public Study withPlans(List<String> plans, Instant now) {
        return new Study(id, name, state, phase, spec, seed, plans, createdAt, startedAt, finishedAt, now, bestTrialId, bestValue,
                finalTestAccuracy, error);
    }

    /** This study in {@code target} phase (forward only). */
    public Study inPhase(StudyPhase target, Instant now) {
        return new Study(id, name, state, phase.moveTo(target), spec, seed, planIds, createdAt, startedAt, finishedAt, now,
                bestTrialId, bestValue, finalTestAccuracy, error);
    }

    public Study withBest(String trialId, double value, Instant now) {
        return new Study(id, name, state, phase, spec, seed, planIds, createdAt, startedAt, finishedAt, now, Optional.of(trialId),
                Optional.of(value), finalTestAccuracy, error);
    }

    /** Completed, with the final retrain's mean test accuracy when there was one. */
    public Study completed(Optional<Double> testAccuracy, Instant now) {
        Study done = withState(StudyState.COMPLETED, now);
        return new Study(id, name, done.state, done.phase, spec, seed, planIds, createdAt, done.startedAt, done.finishedAt, now,
                bestTrialId, bestValue, testAccuracy, error);
    }

    public Study failed(String reason, Instant now) {
        Study done = withState(StudyState.FAILED, now);
        return new Study(id, name, done.state, done.phase, spec, seed, planIds, createdAt, done.startedAt, done.finishedAt, now,
                bestTrialId, bestValue, finalTestAccuracy, Optional.of(reason));
    }
}
