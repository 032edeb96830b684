package dev.milotune.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The scheduler of every {@link SchedulerSpec}: brackets of successive halving laid out by a
 * {@link Layout}. Each state change is a {@link Fact} applied by {@link #apply}, both live (from
 * {@link #next}, {@link #report}, {@link #fail}) and on replay, so a restored scheduler is the live
 * one.
 *
 * <p>{@link #next()}: the promotable trial with the largest from-rung resource over all brackets
 * (ties: the lower bracket id; within a rung the best score), else a new trial in the bracket being
 * filled, else Wait while a trial is training, else Done.
 */
final class BracketScheduler implements Scheduler {

    /** What the scheduler knows of one trial. */
    private static final class TrialRecord {
        final int number;
        final int bracket;
        /** The rung it was last sent to. */
        int rung;
        /** Sent to {@link #rung} and neither reported nor failed there yet. */
        boolean training = true;
        boolean failed;
        /** Its entry at {@link #rung} once it reported there. */
        Bracket.Entry entry;

        TrialRecord(int number, int bracket) {
            this.number = number;
            this.bracket = bracket;
        }
    }

    private final Layout layout;
    private final int bracketCount;
    private final List<Fact> facts = new ArrayList<>();
    private final List<TrialRecord> trials = new ArrayList<>();
    private final List<Bracket> brackets = new ArrayList<>();
    private int training;

    BracketScheduler(Layout layout) {
        this.layout = layout;
        this.bracketCount = layout.bracketCount();
    }

    @Override
    public Decision next() {
        Bracket from = null;
        int[] best = null;
        for (Bracket b : brackets) {
            int[] candidate = b.bestPromotion();
            if (candidate != null && (best == null || b.rungs.get(candidate[1]).resource() > from.rungs.get(best[1]).resource())) {
                from = b;
                best = candidate;
            }
        }
        if (best != null) {
            Rung fromRung = from.rungs.get(best[1]);
            Rung toRung = from.rungs.get(best[1] + 1);
            apply(new Fact.Promoted(best[0], toRung));
            return new Decision.Promote(best[0], from.id, fromRung, toRung);
        }
        if (trials.size() < layout.maxTrials()) {
            int bracket = fillingBracketId();
            Rung bottom = layout.ladder(bracket).get(0);
            apply(new Fact.Started(trials.size(), bracket, bottom));
            return new Decision.Start(trials.size() - 1, bracket, bottom);
        }
        return training > 0 ? new Decision.Wait() : new Decision.Done();
    }

    @Override
    public void report(int trialNumber, Rung rung, double score) {
        if (isNewResult(trialNumber, rung)) {
            apply(new Fact.Reported(trialNumber, rung, score));
        }
    }

    @Override
    public void fail(int trialNumber, Rung rung) {
        if (isNewResult(trialNumber, rung)) {
            apply(new Fact.Failed(trialNumber, rung));
        }
    }

    /** False for a repeated result (the first one counts); throws for a rung the trial was never sent to. */
    private boolean isNewResult(int trialNumber, Rung rung) {
        TrialRecord t = trial(trialNumber);
        List<Rung> rungs = layout.ladder(t.bracket);
        if (rung.index() >= rungs.size() || !rungs.get(rung.index()).equals(rung)) {
            throw new IllegalArgumentException("rung is " + rung + ", but trial " + trialNumber + " of bracket " + t.bracket + " has the rungs " + rungs);
        }
        if (rung.index() > t.rung) {
            throw new IllegalStateException("trial " + trialNumber + " was not sent to rung " + rung.index() + "; it was last sent to rung " + t.rung);
        }
        return rung.index() == t.rung && t.training;
    }

    @Override
    public List<Fact> facts() {
        return Collections.unmodifiableList(facts);
    }

    @Override
    public boolean isStopped(int trialNumber) {
        if (trialNumber < 0 || trialNumber >= trials.size()) {
            return false;
        }
        TrialRecord t = trials.get(trialNumber);
        Bracket b = brackets.get(t.bracket);
        return !t.training && !t.failed && t.rung < b.top() && !b.mayBePromoted(t.rung, t.entry);
    }

    @Override
    public List<Rung> rungs(int bracket) {
        if (bracket < 0 || bracket >= bracketCount) {
            throw new IllegalArgumentException("bracket is " + bracket + ", but must be in [0, " + bracketCount + ")");
        }
        return layout.ladder(bracket);
    }

    /** Applies one fact, checking that it can follow the state so far. */
    void apply(Fact fact) {
        if (fact instanceof Fact.Started s) {
            if (s.trialNumber() != trials.size() || trials.size() >= layout.maxTrials()) {
                throw new IllegalStateException("the next trial to start is " + (trials.size() < layout.maxTrials() ? trials.size() : "none, all " + layout.maxTrials() + " are started"));
            }
            int id = fillingBracketId();
            if (id == brackets.size()) {
                brackets.add(new Bracket(id, layout.ladder(id), layout.capacity(id, trials.size()), layout.eta(), layout.promotion()));
            }
            Bracket b = brackets.get(id);
            if (s.bracket() != id || !s.rung().equals(b.rungs.get(0))) {
                throw new IllegalStateException("trial " + s.trialNumber() + " starts in bracket " + id + " at " + b.rungs.get(0));
            }
            trials.add(new TrialRecord(s.trialNumber(), id));
            b.start();
            training++;
        } else if (fact instanceof Fact.Promoted p) {
            TrialRecord t = trial(p.trialNumber());
            Bracket b = brackets.get(t.bracket);
            if (t.training || t.failed || t.rung >= b.top() || !p.to().equals(b.rungs.get(t.rung + 1))) {
                throw new IllegalStateException("trial " + t.number + " cannot be promoted to " + p.to()
                        + (t.training ? ": it is training" : t.failed ? ": it failed" : ": it reported at rung " + t.rung + " of " + b.rungs));
            }
            b.promote(t.number, t.rung);
            t.rung++;
            t.training = true;
            training++;
        } else if (fact instanceof Fact.Reported r) {
            enter(r.trialNumber(), r.rung(), r.score(), !Double.isNaN(r.score()));
        } else if (fact instanceof Fact.Failed f) {
            enter(f.trialNumber(), f.rung(), Double.NEGATIVE_INFINITY, false);
            trials.get(f.trialNumber()).failed = true;
        }
        facts.add(fact);
    }

    private void enter(int trialNumber, Rung rung, double score, boolean eligible) {
        TrialRecord t = trial(trialNumber);
        Bracket b = brackets.get(t.bracket);
        if (!t.training || !b.rungs.get(t.rung).equals(rung)) {
            throw new IllegalStateException("trial " + trialNumber + " is not training towards " + rung);
        }
        t.entry = b.enter(trialNumber, t.rung, score, eligible);
        t.training = false;
        training--;
    }

    private int fillingBracketId() {
        if (!brackets.isEmpty()) {
            Bracket last = brackets.get(brackets.size() - 1);
            if (last.started < last.capacity) {
                return last.id;
            }
        }
        return brackets.size();
    }

    private TrialRecord trial(int trialNumber) {
        if (trialNumber < 0 || trialNumber >= trials.size()) {
            throw new IllegalStateException("trial " + trialNumber + " was never started");
        }
        return trials.get(trialNumber);
    }
}
