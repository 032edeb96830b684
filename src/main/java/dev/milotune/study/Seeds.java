package dev.milotune.study;

import java.util.SplittableRandom;

/**
 * The one seed derivation of milotune: every random stream (a trial's seed, its sampler draws, an
 * epoch's shuffle, a batch's dropout, MILO's partitions and subsets) is derived from an explicit
 * seed and a path that starts with the stream's {@link Stream kind}, so streams of different
 * purposes never collide and a result depends only on its inputs, never on thread scheduling or a
 * global generator. The mixing is the SplitMix64 finaliser (Steele, Lea and Flood 2014) applied
 * along the path.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** The kinds of stream; the id is part of every derived seed, so it never changes. */
    public enum Stream {
        /** MILO: the random partition of a class for stochastic greedy. */
        PARTITION(1),
        /** MILO: one SGE subset. */
        SGE(2),
        /** MILO: the order of the SGE subsets. */
        SGE_ORDER(3),
        /** MILO: a WRE draw. */
        WRE_DRAW(4),
        /** Baselines: a random subset. */
        RANDOM_SUBSET(5),
        /** Baselines: an adaptive-random subset. */
        ADAPTIVE_RANDOM_SUBSET(6),
        /** MILO: one function and optimizer run of the selection tool. */
        SINGLE_RUN(7),
        /** A search trial's seed, by trial number. */
        TRIAL(16),
        /** A final retrain's seed, by repeat. */
        RETRAIN(17),
        /** A sampler's draws for a trial, by trial number. */
        SAMPLER(18),
        /** The grid sampler's order of the grid. */
        GRID_ORDER(19),
        /** An epoch's shuffle of a trial's subset, by epoch. */
        SHUFFLE(20),
        /** A batch's dropout masks, by epoch and batch. */
        DROPOUT(21),
        /** The validation sample that scores low rungs. */
        VALIDATION_SAMPLE(22),
        /** A full-data check's seed, by leader. */
        CHECK(23);

        private final long id;

        Stream(long id) {
            this.id = id;
        }
    }

    private Seeds() {
    }

    /** The seed of the stream of {@code kind} at {@code path} under {@code seed}. */
    public static long derive(long seed, Stream kind, long... path) {
        long h = mix(seed + GOLDEN_GAMMA);
        h = step(h, kind.id);
        for (long part : path) {
            h = step(h, part);
        }
        return h;
    }

    /** A generator over {@link #derive}. */
    public static SplittableRandom stream(long seed, Stream kind, long... path) {
        return new SplittableRandom(derive(seed, kind, path));
    }

    private static long step(long h, long part) {
        return mix(h ^ mix(part + GOLDEN_GAMMA)) + GOLDEN_GAMMA;
    }

    /** The SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
