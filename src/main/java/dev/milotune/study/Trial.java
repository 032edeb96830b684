package dev.milotune.study;

import dev.milotune.space.Configuration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration of a study, trained in segments.
 *
 * @param number position in the study, from 0, unique per study
 * @param seed the trial's own seed, derived from the study seed and recorded
 * @param attempt how many times the current segment was (re)sent; a retry increments it
 * @param bracket Hyperband bracket (0 for SHA/ASHA)
 * @param rung highest rung reached
 * @param epochsDone epochs trained so far
 * @param bestValue best objective value reported so far
 * @param trainingSeconds sum of epoch training times
 */
public record Trial(
        String id,
        String studyId,
        int number,
        TrialState state,
        Configuration configuration,
        long seed,
        int attempt,
        int bracket,
        int rung,
        int epochsDone,
        Optional<Double> bestValue,
        double trainingSeconds,
        Optional<String> device,
        Instant createdAt,
        Instant updatedAt) {

    public Trial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(bestValue, "bestValue");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new trial in state PENDING. */
    public static Trial create(String id, String studyId, int number, Configuration configuration, long seed, int bracket, Instant now) {
        return new Trial(id, studyId, number, TrialState.PENDING, configuration, seed, 0, bracket, 0, 0,
                Optional.empty(), 0.0, Optional.empty(), now, now);
    }

    public Trial withState(TrialState target, Instant now) {
        return new Trial(id, studyId, number, state.moveTo(target), configuration, seed, attempt, bracket, rung,
                epochsDone, bestValue, trainingSeconds, device, createdAt, now);
    }

    /** This trial after one more reported epoch. */
    public Trial withEpoch(TrialReport report, Direction direction, Instant now) {
        Optional<Double> best = bestValue.isEmpty()
                || direction.isBetter(report.objective(), bestValue.get())
                ? Optional.of(report.objective()) : bestValue;
        return new Trial(id, studyId, number, state, configuration, seed, attempt, bracket, rung,
                Math.max(epochsDone, report.epoch() + 1), best, trainingSeconds + report.epochSeconds(),
                Optional.of(report.device()), createdAt, now);
    }
}
