package dev.milotune.machine;

import java.util.Objects;
import java.util.Optional;

/**
 * What a queued segment trains: epochs {@code [epochFrom, epochTo)} of a schedule of
 * {@code totalEpochs}, towards {@code rung}, on {@code subset}, from {@code resumeFrom} when set.
 *
 * @param evaluateTest also measure test accuracy at the end (final retrains)
 * @param validationSample the share of the validation split that scores it (a fixed, seeded,
 *     class-stratified sample; 1: all of it)
 */
public record Work(int rung, int epochFrom, int epochTo, int totalEpochs, Subset subset, Optional<String> resumeFrom,
        boolean evaluateTest, double validationSample) {

    public Work {
        Objects.requireNonNull(subset, "subset");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        if (epochFrom < 0 || epochTo <= epochFrom || totalEpochs < epochTo) {
            throw new IllegalArgumentException("epochs [" + epochFrom + ", " + epochTo + ") of " + totalEpochs + " are not a segment");
        }
        if (!(validationSample > 0 && validationSample <= 1)) {
            throw new IllegalArgumentException("validationSample is " + validationSample + ", but must be in (0, 1]");
        }
    }

    /**
     * Which items train each epoch.
     *
     * @param strategy {@code milo}, {@code full}, {@code random}, {@code adaptive-random} (and the
     *     ablations of the selection package)
     * @param planId the MILO plan, for plan-based strategies, else null
     * @param fraction subset size as a fraction of the training split
     * @param kappa share of epochs in the SGE phase
     * @param interval epochs between subset changes
     */
    public record Subset(String strategy, String planId, double fraction, double kappa, int interval) {
    }
}
