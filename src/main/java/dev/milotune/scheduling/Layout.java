package dev.milotune.scheduling;

import java.util.List;

/**
 * The shape every scheduler here shares: brackets of successive halving, each with its rungs and a
 * number of trials, filled one after the other; the ladders repeat cyclically (Hyperband's
 * iterations). SHA and ASHA are one bracket of {@code maxTrials} trials; no scheduling is one
 * bracket with the single rung R.
 *
 * @param ladders the rungs of bracket b are {@code ladders.get(b % ladders.size())}
 * @param sizes the trials of bracket b are {@code sizes.get(b % sizes.size())}, the last bracket
 *     truncated to what remains of {@code maxTrials}
 */
record Layout(List<List<Rung>> ladders, List<Long> sizes, int eta, Promotion promotion, int maxTrials) {

    Layout {
        ladders = List.copyOf(ladders);
        sizes = List.copyOf(sizes);
        if (ladders.isEmpty() || ladders.size() != sizes.size()) {
            throw new IllegalArgumentException("ladders and sizes must be non-empty and of equal length");
        }
    }

    List<Rung> ladder(int bracket) {
        return ladders.get(bracket % ladders.size());
    }

    /** Trials of {@code bracket} given {@code startedBefore} trials in earlier brackets. */
    int capacity(int bracket, int startedBefore) {
        return (int) Math.min(sizes.get(bracket % sizes.size()), (long) maxTrials - startedBefore);
    }

    /** How many brackets hold {@code maxTrials} trials. */
    int bracketCount() {
        long started = 0;
        int count = 0;
        while (started < maxTrials) {
            started += capacity(count, (int) started);
            count++;
        }
        return count;
    }
}
