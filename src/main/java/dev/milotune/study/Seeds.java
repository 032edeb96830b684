package dev.milotune.study;

/**
 * Seed derivation for everything random in a study: independent streams from one recorded seed
 * (the SplitMix64 finaliser over a seed and an index, Steele et al. 2014).
 */
public final class Seeds {

    private Seeds() {
    }

    /** The seed of stream {@code index} under {@code seed}: trial n of a study, epoch e of a trial, batch b of an epoch. */
    public static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
