package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent, naive statement of ASHA's rule (Li et al. 2020, Algorithm 2), checked against
 * every decision: a Promote must take, from a rung with the largest resource that has one, the best
 * trial within the top ⌊n_k/η⌋ of that rung not yet promoted (failed trials rank last and are never
 * promoted); a Start is allowed only when no trial is promotable.
 */
final class PromotionOracle implements SimulatedStudy.Observer {

    private record Entry(int trial, double score, boolean eligible) {
    }

    private static final Comparator<Entry> RANK = Comparator.comparing((Entry e) -> !e.eligible())
            .thenComparing(Entry::score, Comparator.reverseOrder()).thenComparingInt(Entry::trial);

    private final Scheduler scheduler;
    private final int eta;
    private final Map<Integer, Integer> bracketOf = new HashMap<>();
    /** (bracket, rung index) -> entries. */
    private final Map<List<Integer>, List<Entry>> rungs = new HashMap<>();
    private final Map<List<Integer>, Set<Integer>> promoted = new HashMap<>();
    int promotions;

    PromotionOracle(Scheduler scheduler, int eta) {
        this.scheduler = scheduler;
        this.eta = eta;
    }

    @Override
    public void reported(int trial, Rung rung, double score) {
        enter(trial, rung, score, !Double.isNaN(score));
    }

    @Override
    public void failed(int trial, Rung rung) {
        enter(trial, rung, Double.NEGATIVE_INFINITY, false);
    }

    private void enter(int trial, Rung rung, double score, boolean eligible) {
        List<Entry> entries = rungs.computeIfAbsent(List.of(bracketOf.get(trial), rung.index()), k -> new ArrayList<>());
        if (entries.stream().noneMatch(e -> e.trial() == trial)) { // a redelivery changes nothing
            entries.add(new Entry(trial, score, eligible));
        }
    }

    /** The best promotable trial of (bracket, rung), or -1. */
    private int promotable(int bracket, int rung) {
        List<Entry> entries = new ArrayList<>(rungs.getOrDefault(List.of(bracket, rung), List.of()));
        entries.sort(RANK);
        Set<Integer> done = promoted.getOrDefault(List.of(bracket, rung), Set.of());
        for (int i = 0; i < entries.size() / eta; i++) {
            Entry e = entries.get(i);
            if (e.eligible() && !done.contains(e.trial())) {
                return e.trial();
            }
        }
        return -1;
    }

    /** Largest from-rung resource with a promotable trial, or 0. */
    private int highestPromotableResource() {
        int best = 0;
        for (List<Integer> key : rungs.keySet()) {
            List<Rung> ladder = scheduler.rungs(key.get(0));
            if (key.get(1) < ladder.size() - 1 && promotable(key.get(0), key.get(1)) >= 0) {
                best = Math.max(best, ladder.get(key.get(1)).resource());
            }
        }
        return best;
    }

    @Override
    public void decided(Decision d) {
        if (d instanceof Decision.Promote p) {
            assertThat(p.from().resource()).as("%s comes from a rung with the largest resource", p).isEqualTo(highestPromotableResource());
            assertThat(p.trialNumber()).as("%s takes the best promotable trial of its rung", p).isEqualTo(promotable(p.bracket(), p.from().index()));
            promoted.computeIfAbsent(List.of(p.bracket(), p.from().index()), k -> new HashSet<>()).add(p.trialNumber());
            promotions++;
        } else {
            assertThat(highestPromotableResource()).as("%s while a trial is promotable", d).isZero();
            if (d instanceof Decision.Start s) {
                bracketOf.put(s.trialNumber(), s.bracket());
            }
        }
    }

    /** At the end: every trial within the final top ⌊n_k/η⌋ of its rung (and eligible) was promoted. */
    void assertTopOfEveryRungPromoted() {
        rungs.forEach((key, entries) -> {
            List<Rung> ladder = scheduler.rungs(key.get(0));
            if (key.get(1) == ladder.size() - 1) {
                return;
            }
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(RANK);
            for (Entry e : sorted.subList(0, sorted.size() / eta)) {
                if (e.eligible()) {
                    assertThat(promoted.getOrDefault(key, Set.of())).as("bracket %d rung %d", key.get(0), key.get(1)).contains(e.trial());
                }
            }
        });
    }
}
