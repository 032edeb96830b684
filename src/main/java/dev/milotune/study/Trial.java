package dev.milotune.study;

import dev.milotune.space.Configuration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration of a study, trained in segments.
 *
 * @param number position in the study, from 0, unique per study
 * @param purpose a search trial, a full-data check of a leader's configuration, or a final retrain
 *     of the chosen configuration on full data
 * @param seed the trial's own seed, derived from the study seed and recorded
 * @param attempt attempts of the current segment so far minus one; a retry increments it
 * @param bracket Hyperband bracket (0 for SHA/ASHA)
 * @param rung highest rung reached (0 = bottom)
 * @param epochsDone epochs trained in the current run of the model
 * @param bestValue best objective value of the current run (the paper's "best so far")
 * @param trainingSeconds sum of the epoch training times of every attempt: what tuning cost
 * @param checkpoint where the state after the last completed segment is stored
 * @param segment the segment in flight, if any
 * @param testAccuracy test accuracy measured at the end (final retrains)
 * @param error why the trial failed
 */
public record Trial(
        String id,
        String studyId,
        int number,
        Purpose purpose,
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
        Optional<String> checkpoint,
        Optional<Segment> segment,
        Optional<Double> testAccuracy,
        Optional<String> error,
        Instant createdAt,
        Instant updatedAt) {

    public enum Purpose {
        SEARCH,
        /** A leader's configuration trained briefly on full data, to choose among the leaders. */
        CHECK,
        RETRAIN
    }

    /**
     * Training sent to the workers: epochs {@code [epochFrom, epochTo)} up to {@code rung}, which
     * must show a sign of life (a report or a heartbeat naming it) before {@code leaseExpiresAt}.
     */
    public record Segment(int rung, int epochFrom, int epochTo, Instant leaseExpiresAt) {

        /** The same epochs under another lease. */
        public Segment withLease(Instant newLease) {
            return new Segment(rung, epochFrom, epochTo, newLease);
        }
    }

    public Trial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(bestValue, "bestValue");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(testAccuracy, "testAccuracy");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new trial in state PENDING. */
    public static Trial create(String id, String studyId, int number, Purpose purpose, Configuration configuration, long seed,
            int bracket, Instant now) {
        return new Trial(id, studyId, number, purpose, TrialState.PENDING, configuration, seed, 0, bracket, 0, 0,
                Optional.empty(), 0.0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                now, now);
    }

    public Trial withState(TrialState target, Instant now) {
        return new Trial(id, studyId, number, purpose, state.moveTo(target), configuration, seed, attempt, bracket, rung,
                epochsDone, bestValue, trainingSeconds, device, checkpoint, segment, testAccuracy, error, createdAt, now);
    }

    /** This trial with a segment sent to the workers (state QUEUED). */
    public Trial dispatched(Segment next, int nextAttempt, Instant now) {
        return new Trial(id, studyId, number, purpose, state.moveTo(TrialState.QUEUED), configuration, seed, nextAttempt, bracket,
                rung, epochsDone, bestValue, trainingSeconds, device, checkpoint, Optional.of(next), testAccuracy, error,
                createdAt, now);
    }

    /**
     * A fresh run of the model (data fidelity trains every rung from scratch): epochs, best value
     * and checkpoint start over; the training time spent stays counted.
     */
    public Trial restarted(Instant now) {
        return new Trial(id, studyId, number, purpose, state, configuration, seed, attempt, bracket, rung, 0, Optional.empty(),
                trainingSeconds, device, Optional.empty(), segment, testAccuracy, error, createdAt, now);
    }

    /** Started on a worker: RUNNING, under a lease that counts from now. */
    public Trial started(Instant leaseExpiresAt, Instant now) {
        Trial running = state == TrialState.RUNNING ? this : new Trial(id, studyId, number, purpose, state.moveTo(TrialState.RUNNING),
                configuration, seed, attempt, bracket, rung, epochsDone, bestValue, trainingSeconds, device, checkpoint, segment,
                testAccuracy, error, createdAt, now);
        return running.withLease(leaseExpiresAt, now);
    }

    public Trial withLease(Instant leaseExpiresAt, Instant now) {
        return new Trial(id, studyId, number, purpose, state, configuration, seed, attempt, bracket, rung, epochsDone, bestValue,
                trainingSeconds, device, checkpoint,
                segment.map(s -> s.withLease(leaseExpiresAt)), testAccuracy, error,
                createdAt, now);
    }

    /** This trial after one more reported epoch of its current attempt (state RUNNING). */
    public Trial withEpoch(TrialReport report, Direction direction, Instant now) {
        Optional<Double> best = bestValue.isEmpty() || direction.isBetter(report.objective(), bestValue.get())
                ? Optional.of(report.objective()) : bestValue;
        TrialState next = state == TrialState.RUNNING ? state : state.moveTo(TrialState.RUNNING);
        return new Trial(id, studyId, number, purpose, next, configuration, seed, attempt, bracket, rung,
                Math.max(epochsDone, report.epoch() + 1), best, trainingSeconds + report.epochSeconds(),
                Optional.of(report.device()), checkpoint, segment, testAccuracy, error, createdAt, now);
    }

    /** Training time of an epoch whose result no longer counts (a stale attempt): it still cost. */
    public Trial withSpentSeconds(double seconds, Instant now) {
        return new Trial(id, studyId, number, purpose, state, configuration, seed, attempt, bracket, rung, epochsDone, bestValue,
                trainingSeconds + seconds, device, checkpoint, segment, testAccuracy, error, createdAt, now);
    }

    /** The in-flight segment finished: checkpoint stored, rung reached, nothing in flight. */
    public Trial segmentCompleted(String checkpointReference, Optional<Double> test, TrialState next, Instant now) {
        int reached = segment.map(Segment::rung).orElse(rung);
        return new Trial(id, studyId, number, purpose, state.moveTo(next), configuration, seed, attempt, bracket, reached,
                epochsDone, bestValue, trainingSeconds, device, Optional.ofNullable(checkpointReference), Optional.empty(),
                test.isPresent() ? test : testAccuracy, error, createdAt, now);
    }

    public Trial failed(String reason, Instant now) {
        return new Trial(id, studyId, number, purpose, state.moveTo(TrialState.FAILED), configuration, seed, attempt, bracket,
                rung, epochsDone, bestValue, trainingSeconds, device, checkpoint, Optional.empty(), testAccuracy,
                Optional.of(reason), createdAt, now);
    }

    public Trial ended(TrialState terminal, Instant now) {
        return new Trial(id, studyId, number, purpose, state.moveTo(terminal), configuration, seed, attempt, bracket, rung,
                epochsDone, bestValue, trainingSeconds, device, checkpoint, Optional.empty(), testAccuracy, error, createdAt, now);
    }

    public boolean inFlight() {
        return state == TrialState.QUEUED || state == TrialState.RUNNING;
    }
}
