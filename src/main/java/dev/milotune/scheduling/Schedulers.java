package dev.milotune.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The schedulers: none, SHA, ASHA and Hyperband, all brackets of successive halving (see the
 * options records for the papers and symbols), and {@link #restore} to rebuild any of them from its
 * facts.
 */
public final class Schedulers {

    private Schedulers() {
    }

    /** Every trial trains to {@code maxResource} in one segment; nothing is stopped. */
    public static Scheduler none(int maxTrials, int maxResource) {
        return create(new NoneOptions(maxResource, maxTrials));
    }

    /** Synchronous successive halving: one bracket of n = maxTrials trials, rung k waits for all its trials, promotes the top ⌊n_k/η⌋. */
    public static Scheduler sha(ShaOptions o) {
        return create(o);
    }

    /** Asynchronous successive halving, the promotion variant of Li et al. 2020. */
    public static Scheduler asha(AshaOptions o) {
        return create(o);
    }

    /** Hyperband's brackets (Li et al. 2018, Table 1), each with ASHA's promotion rule, filled in the paper's order. */
    public static Scheduler hyperband(HyperbandOptions o) {
        return create(o);
    }

    /** A fresh scheduler for {@code spec}. */
    public static Scheduler create(SchedulerSpec spec) {
        return new BracketScheduler(layout(Objects.requireNonNull(spec, "spec")));
    }

    /**
     * Rebuilds a scheduler from its spec and the facts it recorded, in their order; {@code next()}
     * afterwards answers what the live scheduler would.
     *
     * @throws IllegalStateException naming the first fact that cannot follow the ones before it (facts
     *     of another spec, out of order, or missing)
     */
    public static Scheduler restore(SchedulerSpec spec, List<Fact> facts) {
        BracketScheduler scheduler = new BracketScheduler(layout(Objects.requireNonNull(spec, "spec")));
        for (int i = 0; i < facts.size(); i++) {
            try {
                scheduler.apply(facts.get(i));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new IllegalStateException("fact " + i + " (" + facts.get(i) + ") does not follow the facts before it: " + e.getMessage(), e);
            }
        }
        return scheduler;
    }

    private static Layout layout(SchedulerSpec spec) {
        if (spec instanceof NoneOptions o) {
            // A single rung: nothing to promote, so the reduction factor never applies.
            return new Layout(List.of(List.of(new Rung(0, o.R()))), List.of((long) o.maxTrials()), 2, Promotion.ASYNCHRONOUS, o.maxTrials());
        }
        if (spec instanceof ShaOptions o) {
            return new Layout(List.of(Ladder.rungs(o.r(), o.R(), o.eta(), o.s())), List.of((long) o.maxTrials()), o.eta(), Promotion.SYNCHRONOUS, o.maxTrials());
        }
        if (spec instanceof AshaOptions o) {
            return new Layout(List.of(Ladder.rungs(o.r(), o.R(), o.eta(), o.s())), List.of((long) o.maxTrials()), o.eta(), Promotion.ASYNCHRONOUS, o.maxTrials());
        }
        HyperbandOptions o = (HyperbandOptions) spec;
        List<Rung> aggressive = Ladder.rungs(o.r(), o.R(), o.eta(), o.s());
        int halvings = aggressive.size() - 1;
        List<List<Rung>> ladders = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int b = 0; b < o.brackets(); b++) {
            List<Rung> ladder = new ArrayList<>();
            for (Rung rung : aggressive.subList(b, aggressive.size())) {
                ladder.add(new Rung(ladder.size(), rung.resource()));
            }
            ladders.add(List.copyOf(ladder));
            sizes.add(bracketSize(halvings, halvings - b, o.eta()));
        }
        return new Layout(ladders, sizes, o.eta(), Promotion.ASYNCHRONOUS, o.maxTrials());
    }

    /** Hyperband's n = ⌈(s_max + 1) / (s + 1) · η^s⌉ for the paper's bracket s, in exact integer arithmetic. */
    static long bracketSize(int sMax, int s, int eta) {
        long power = Ladder.power(eta, s);
        if (power > Long.MAX_VALUE / (sMax + 1)) {
            return Long.MAX_VALUE;
        }
        long numerator = (sMax + 1) * power;
        return (numerator + s) / (s + 1);
    }
}
