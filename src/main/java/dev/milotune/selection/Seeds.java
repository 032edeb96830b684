package dev.milotune.selection;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from an explicit seed and a path of integers (stream kind,
 * subset, class, partition, round). Every random choice in this package draws from such a stream,
 * so a result depends only on its inputs and never on thread scheduling or a global generator.
 * (submodlib seeds its stochastic greedy with {@code srand(1)} on every call; MILO.md step 4.)
 */
final class Seeds {

    /** Stream kinds: the first element of every derivation path, so streams of different purposes never collide. */
    static final long PARTITION = 1;
    static final long SGE = 2;
    static final long SGE_ORDER = 3;
    static final long WRE_DRAW = 4;
    static final long RANDOM_SUBSET = 5;
    static final long ADAPTIVE_RANDOM_SUBSET = 6;
    static final long SINGLE_RUN = 7;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    static SplittableRandom stream(long seed, long... path) {
        return new SplittableRandom(derive(seed, path));
    }

    static long derive(long seed, long... path) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long part : path) {
            h = mix(h ^ mix(part + GOLDEN_GAMMA));
            h += GOLDEN_GAMMA;
        }
        return h;
    }

    /** The SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
