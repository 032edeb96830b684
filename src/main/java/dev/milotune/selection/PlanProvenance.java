package dev.milotune.selection;

import java.util.List;

/**
 * How a plan was made (Tribuo-style provenance): its key, the wall time of each stage, memory,
 * and the spread of its WRE probabilities.
 *
 * @param peakResidentBytes the largest resident set size of the process sampled during the
 *     computation (after every kernel and every SGE stage), including the JVM itself
 * @param estimatedPeakBytes the documented memory formula for this input (docs/selection.md)
 * @param wreProbabilityRatio max over min WRE probability; near 1 means WRE is close to
 *     class-balanced uniform sampling
 * @param groundSets the number of classes and class partitions that got their own kernel
 */
public record PlanProvenance(
        PlanKey key,
        List<StageTiming> timings,
        long peakResidentBytes,
        long estimatedPeakBytes,
        double wreProbabilityRatio,
        int parallelism,
        int groundSets) {

    public PlanProvenance {
        timings = List.copyOf(timings);
    }

    /** Sum of the stage timings in milliseconds. */
    public long totalMillis() {
        return timings.stream().mapToLong(StageTiming::millis).sum();
    }
}
