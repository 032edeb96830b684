package dev.milotune.study;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tuning study as stored: its specification (the JSON the user submitted, kept verbatim so that
 * nothing of it is lost), its seed, state and outcome.
 *
 * @param bestTrialId the leading trial so far, if any
 * @param bestValue its objective value
 * @param finalTestAccuracy test accuracy of the best configuration retrained on full data
 * @param error why the study failed, if it did
 */
public record Study(
        String id,
        String name,
        StudyState state,
        String spec,
        long seed,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> bestTrialId,
        Optional<Double> bestValue,
        Optional<Double> finalTestAccuracy,
        Optional<String> error) {

    public Study {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(bestTrialId, "bestTrialId");
        Objects.requireNonNull(bestValue, "bestValue");
        Objects.requireNonNull(finalTestAccuracy, "finalTestAccuracy");
        Objects.requireNonNull(error, "error");
    }

    /** A new study in state PENDING. */
    public static Study create(String id, String name, String spec, long seed, Instant now) {
        return new Study(id, name, StudyState.PENDING, spec, seed, now, now,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Study withState(StudyState target, Instant now) {
        return new Study(id, name, state.moveTo(target), spec, seed, createdAt, now,
                bestTrialId, bestValue, finalTestAccuracy, error);
    }

    public Study withBest(String trialId, double value, Instant now) {
        return new Study(id, name, state, spec, seed, createdAt, now,
                Optional.of(trialId), Optional.of(value), finalTestAccuracy, error);
    }

    public Study failed(String reason, Instant now) {
        return new Study(id, name, state.moveTo(StudyState.FAILED), spec, seed, createdAt, now,
                bestTrialId, bestValue, finalTestAccuracy, Optional.of(reason));
    }
}
