package dev.milotune.study;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker measured after one epoch of one trial. Identified by (trial, attempt, epoch): a
 * redelivered report with the same key changes nothing.
 *
 * @param epoch 0-based epoch index of the trial
 * @param objective the study's objective metric for this epoch
 * @param itemsSeen training items used in this epoch (the subset size)
 * @param metrics every metric the worker reported by name (an external worker's; empty for the built-in one)
 */
public record TrialReport(
        String trialId,
        int attempt,
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double objective,
        double epochSeconds,
        long itemsSeen,
        String device,
        String workerId,
        Instant reportedAt,
        Map<String, Double> metrics) {

    public TrialReport {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        metrics = Map.copyOf(metrics);
        if (attempt < 0 || epoch < 0) {
            throw new IllegalArgumentException("attempt is " + attempt + " and epoch is " + epoch + ", but both must be >= 0");
        }
    }
}
