package dev.milotune.machine;

import dev.milotune.orchestration.StudySpecReader;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A study machine with a settable clock and a simulated fleet of worker slots, no broker and no
 * database (a {@link MemoryStore} keeps what the ledger would). Each queued segment starts
 * {@link #pickup} after it was queued when a slot is free, sends a heartbeat at once, one epoch
 * report per simulated second and its outcome at the end; the fleet heartbeats its running segments
 * every {@link #HEARTBEAT}. A worker can be made to die with a segment (it goes silent), and every
 * message can be delivered twice.
 */
final class SimulatedFleet {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    /** The objective after {@code epoch} (0-based) of a trial whose configuration has this quality. */
    interface Curve {
        double accuracy(double quality, int epoch);
    }

    private sealed interface Event permits Start, EpochDone, Ends, Beat, Sweep {
        Instant at();
    }

    private record Start(Instant at, long order, Command.Queue task) implements Event {
    }

    private record EpochDone(Instant at, long order, Command.Queue task, int epoch) implements Event {
    }

    private record Ends(Instant at, long order, Command.Queue task) implements Event {
    }

    private record Beat(Instant at, long order) implements Event {
    }

    private record Sweep(Instant at, long order) implements Event {
    }

    final MemoryStore store = new MemoryStore();
    final StudySpec spec;
    final int slots;
    Duration pickup = Duration.ofMillis(10);
    boolean duplicateEverything;
    /** Segments whose worker dies right after its start heartbeat: it goes silent. */
    Predicate<Command.Queue> dies = q -> false;
    StudyMachine machine;
    Instant now = T0;
    private final Curve curve;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(order(a), order(b)) : a.at().compareTo(b.at()));
    private final List<Command.Queue> waiting = new ArrayList<>();
    private final List<Command.Queue> running = new ArrayList<>();
    private final Set<Command.Queue> dead = new HashSet<>();
    private final List<Command.Queue> lastQueued = new ArrayList<>();
    private long sequence;
    private int ids;
    private static final java.util.concurrent.atomic.AtomicInteger FLEETS = new java.util.concurrent.atomic.AtomicInteger();
    private final String idPrefix = "fleet" + FLEETS.incrementAndGet() + "-trial-";
    int maxInFlight;
    int commandsApplied;

    SimulatedFleet(String specJson, long seed, int slots, Curve curve) {
        this.spec = StudySpecReader.read(specJson, seed);
        this.slots = slots;
        this.curve = curve;
        Study study = Study.create("study-1", spec.name(), specJson, seed, now).withState(StudyState.RUNNING, now);
        store.studies.put(study.id(), study);
        machine = resume();
        events.add(new Beat(now.plus(HEARTBEAT), sequence++));
        events.add(new Sweep(now.plusMillis(500), sequence++));
    }

    LeaseBook leases() {
        return new LeaseBook(Duration.ofMinutes(30), Duration.ofSeconds(20));
    }

    /** A machine rebuilt from the store, as after a restart of the orchestrator. */
    StudyMachine resume() {
        Study study = store.studies.get("study-1");
        List<Trial> trials = store.trialsOf(study.id());
        return StudyMachine.resume(study, spec, trials, store.facts.getOrDefault(study.id(), List.of()), store.reports.keySet(), leases(),
                new RetryPolicy(3), () -> idPrefix + (ids++), now);
    }

    /** Runs until the study ends or {@code maxCommands} commands were applied; true when it ended. */
    boolean run(int maxCommands) {
        apply(machine.next(now, slots));
        while (!events.isEmpty() && commandsApplied < maxCommands) {
            if (store.studies.get("study-1").state().isTerminal()) {
                return true;
            }
            Event e = events.poll();
            now = e.at();
            if (e instanceof Start s) {
                start(s.task());
            } else if (e instanceof EpochDone d) {
                if (!dead.contains(d.task()) && running.contains(d.task())) {
                    deliver(epoch(d.task(), d.epoch()));
                }
            } else if (e instanceof Ends end) {
                if (!dead.contains(end.task()) && running.remove(end.task())) {
                    Trial t = end.task().trial();
                    deliver(new Signal.Ended(t.id(), t.attempt(), end.task().work().epochTo(), Signal.Outcome.COMPLETED, null,
                            "ckpt/" + t.id() + "/" + end.task().work().epochTo(), end.task().work().evaluateTest() ? 0.8 : null));
                    startWaiting();
                }
            } else if (e instanceof Beat) {
                for (Command.Queue q : List.copyOf(running)) {
                    if (!dead.contains(q)) {
                        deliver(new Signal.Alive(q.trial().id(), q.trial().attempt(), q.work().epochFrom()));
                    }
                }
                events.add(new Beat(now.plus(HEARTBEAT), sequence++));
            } else if (e instanceof Sweep) {
                apply(machine.expire(now));
                apply(machine.next(now, freeSlots()));
                events.add(new Sweep(now.plusMillis(500), sequence++));
            }
        }
        return store.studies.get("study-1").state().isTerminal();
    }

    /** Replaces the machine by one rebuilt from the store, as an orchestrator restart does. */
    void restart() {
        machine = resume();
        apply(machine.requeueInFlight(now));
    }

    /**
     * An orchestrator that stored its last decisions and died before it sent their segments: they
     * never reach a worker (those no worker has started yet: a started one was sent). Then it restarts.
     */
    void restartLosingLastSends() {
        List<Command.Queue> lost = lastQueued.stream()
                .filter(q -> store.trialsOf("study-1").stream().anyMatch(t -> t.id().equals(q.trial().id())
                        && t.state() == dev.milotune.study.TrialState.QUEUED))
                .toList();
        waiting.removeAll(lost);
        running.removeAll(lost);
        restart();
    }

    /** The segments the last batch of commands that queued any queued. */
    List<Command.Queue> lastQueued() {
        return List.copyOf(lastQueued);
    }

    private void start(Command.Queue task) {
        if (!running.contains(task)) {
            return;
        }
        Trial t = task.trial();
        deliver(new Signal.Alive(t.id(), t.attempt(), task.work().epochFrom()));
        if (dies.test(task)) {
            // The worker dies just after it started: silence, and its slot goes to a replacement.
            dead.add(task);
            running.remove(task);
            startWaiting();
            return;
        }
        Work w = task.work();
        for (int epoch = w.epochFrom(); epoch < w.epochTo(); epoch++) {
            events.add(new EpochDone(now.plusSeconds(epoch - w.epochFrom() + 1), sequence++, task, epoch));
        }
        events.add(new Ends(now.plusSeconds(w.epochTo() - w.epochFrom()).plusMillis(1), sequence++, task));
    }

    private Signal.Epoch epoch(Command.Queue task, int epoch) {
        Trial t = task.trial();
        double accuracy = curve.accuracy(quality(t), epoch);
        return new Signal.Epoch(t.id(), t.attempt(), epoch, 1 - accuracy, 1 - accuracy, accuracy, Map.of(), 1.0, 100, "cpu", "sim", now);
    }

    /** A configuration's quality: how close its learning rate is to 0.01 on a log scale. */
    static double quality(Trial t) {
        Object lr = t.configuration().values().get("lr");
        double x = lr instanceof Number n ? Math.log10(n.doubleValue()) + 2 : 0;
        return Math.exp(-x * x);
    }

    private void deliver(Signal signal) {
        apply(machine.on(signal, now));
        if (duplicateEverything) {
            apply(machine.on(signal, now));
        }
        apply(machine.next(now, freeSlots()));
    }

    private int freeSlots() {
        return Math.max(0, slots - machine.inFlight());
    }

    void apply(List<Command> commands) {
        store.apply(commands);
        commandsApplied += commands.size();
        maxInFlight = Math.max(maxInFlight, machine.inFlight());
        if (commands.stream().anyMatch(c -> c instanceof Command.Queue)) {
            lastQueued.clear();
        }
        for (Command c : commands) {
            if (c instanceof Command.Queue q) {
                // A retried or requeued segment replaces what a slot still holds of the trial.
                running.removeIf(r -> r.trial().id().equals(q.trial().id()));
                waiting.removeIf(r -> r.trial().id().equals(q.trial().id()));
                waiting.add(q);
                lastQueued.add(q);
            }
        }
        startWaiting();
    }

    private void startWaiting() {
        while (!waiting.isEmpty() && running.size() < slots) {
            Command.Queue q = waiting.remove(0);
            running.add(q);
            events.add(new Start(now.plus(pickup), sequence++, q));
        }
    }

    private static long order(Event e) {
        if (e instanceof Start s) {
            return s.order();
        } else if (e instanceof EpochDone d) {
            return d.order();
        } else if (e instanceof Ends x) {
            return x.order();
        } else if (e instanceof Beat b) {
            return b.order();
        }
        return ((Sweep) e).order();
    }
}
