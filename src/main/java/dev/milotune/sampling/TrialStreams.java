package dev.milotune.sampling;

import java.util.SplittableRandom;

/** Per-trial random streams derived from the study seed, so a trial's draws depend on nothing else. */
final class TrialStreams {

    /** Stream index of the grid sampler's shuffle, apart from every trial's stream. */
    static final long GRID_ORDER = -1;

    private TrialStreams() {
    }

    static SplittableRandom forTrial(long seed, long stream) {
        return new SplittableRandom(mix(seed, stream));
    }

    /** SplitMix64's finaliser over seed + golden-ratio * (stream + 1): nearby seeds and streams give unrelated values. */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
