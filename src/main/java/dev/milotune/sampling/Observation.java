package dev.milotune.sampling;

import dev.milotune.space.Configuration;
import java.util.Objects;

/**
 * A finished measurement a sampler may learn from.
 *
 * <p>A history may hold one observation per trial (its score at the highest rung it reached) or one
 * per trial and rung it reached (BOHB style); {@link Samplers#tpe TPE} handles both, see there.
 *
 * @param score higher is better (the orchestrator converts with {@code Direction.score}); NaN counts
 *     as the worst score, and so does a failed trial's {@code -Infinity}
 * @param rung the rung the score was measured at, 0 = bottom; for one observation per trial, the
 *     highest rung the trial reached
 */
public record Observation(Configuration configuration, double score, int rung) {

    public Observation {
        Objects.requireNonNull(configuration, "configuration");
        if (rung < 0) {
            throw new IllegalArgumentException("rung is " + rung + ", but must be >= 0");
        }
    }
}
