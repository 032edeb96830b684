package dev.milotune.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Fake trials with known learning curves trained by {@code workers} simulated worker slots: a
 * segment from resource a to b takes b - a time units; the earliest to finish reports first, and all
 * that finish at the same time report (lower trial number first) before the free slots ask for work. Every call made to the scheduler is logged as an {@link Op}, with what it
 * answered, so that a replay can repeat the same calls.
 */
final class SimulatedStudy {

    /** A trial's score after training to {@code resource}; higher is better. */
    interface Curve {
        double score(int trial, int resource);
    }

    sealed interface Op permits Next, Report, Fail {
    }

    record Next(Decision answer) implements Op {
    }

    record Report(int trial, Rung rung, double score) implements Op {
    }

    record Fail(int trial, Rung rung) implements Op {
    }

    private record Segment(int trial, Rung to, double finishesAt) {
    }

    /** Listens to the study as it runs, e.g. to check each decision against an oracle. */
    interface Observer {
        default void decided(Decision d) {
        }

        default void reported(int trial, Rung rung, double score) {
        }

        default void failed(int trial, Rung rung) {
        }
    }

    final Scheduler scheduler;
    private final int workers;
    private final Curve curve;
    private final IntPredicate failsAtBottom;
    private final double duplicateRate;
    private final SplittableRandom random;
    private final Observer observer;
    private final PriorityQueue<Segment> running = new PriorityQueue<>(
            (a, b) -> a.finishesAt() != b.finishesAt() ? Double.compare(a.finishesAt(), b.finishesAt()) : Integer.compare(a.trial(), b.trial()));
    private double now;

    final List<Op> ops = new ArrayList<>();
    /** After op i: how many facts the scheduler had, and which trials were stopped. */
    final List<Integer> factCounts = new ArrayList<>();
    final List<List<Boolean>> stopped = new ArrayList<>();
    final List<Decision> decisions = new ArrayList<>();
    int started;

    SimulatedStudy(Scheduler scheduler, int workers, Curve curve) {
        this(scheduler, workers, curve, t -> false, 0, 0, new Observer() {
        });
    }

    SimulatedStudy(Scheduler scheduler, int workers, Curve curve, IntPredicate failsAtBottom, double duplicateRate, long seed, Observer observer) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.curve = curve;
        this.failsAtBottom = failsAtBottom;
        this.duplicateRate = duplicateRate;
        this.random = new SplittableRandom(seed);
        this.observer = observer;
    }

    /** Runs until the scheduler says Done; fails if it waits with nothing running. */
    SimulatedStudy run() {
        while (true) {
            while (running.size() < workers) {
                Decision d = next();
                if (d instanceof Decision.Start s) {
                    started++;
                    running.add(new Segment(s.trialNumber(), s.rung(), now + s.rung().resource()));
                } else if (d instanceof Decision.Promote p) {
                    running.add(new Segment(p.trialNumber(), p.to(), now + p.to().resource() - p.from().resource()));
                } else {
                    break;
                }
            }
            if (running.isEmpty()) {
                Decision last = decisions.get(decisions.size() - 1);
                if (!(last instanceof Decision.Done)) {
                    throw new AssertionError("the scheduler answered " + last + " with nothing running");
                }
                return this;
            }
            // Segments finishing at the same time report together before any slot asks for work, as an
            // orchestrator consuming a batch of reports would: several trials may become promotable at once.
            now = running.peek().finishesAt();
            while (!running.isEmpty() && running.peek().finishesAt() == now) {
                Segment s = running.poll();
                if (s.to().index() == 0 && failsAtBottom.test(s.trial())) {
                    fail(s.trial(), s.to());
                } else {
                    double score = curve.score(s.trial(), s.to().resource());
                    report(s.trial(), s.to(), score);
                    if (random.nextDouble() < duplicateRate) {
                        report(s.trial(), s.to(), score + 1); // a redelivery, even with another value, changes nothing
                    }
                }
            }
        }
    }

    private Decision next() {
        Decision d = scheduler.next();
        decisions.add(d);
        observer.decided(d);
        log(new Next(d));
        return d;
    }

    private void report(int trial, Rung rung, double score) {
        observer.reported(trial, rung, score);
        scheduler.report(trial, rung, score);
        log(new Report(trial, rung, score));
    }

    private void fail(int trial, Rung rung) {
        observer.failed(trial, rung);
        scheduler.fail(trial, rung);
        log(new Fail(trial, rung));
    }

    private void log(Op op) {
        ops.add(op);
        factCounts.add(scheduler.facts().size());
        stopped.add(stoppedTrials(scheduler, started));
    }

    static List<Boolean> stoppedTrials(Scheduler scheduler, int trials) {
        List<Boolean> s = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            s.add(scheduler.isStopped(t));
        }
        return s;
    }

    /** Trials whose decisions reached rung {@code index} of {@code bracket} (started there or promoted to it). */
    long reached(int bracket, int index) {
        return decisions.stream().filter(d -> d instanceof Decision.Start s && s.bracket() == bracket && s.rung().index() == index
                || d instanceof Decision.Promote p && p.bracket() == bracket && p.to().index() == index).count();
    }
}
