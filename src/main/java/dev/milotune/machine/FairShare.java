package dev.milotune.machine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Free worker slots given out across running studies: one slot at a time, in turn, so a large study
 * cannot starve a small one; a study that queues nothing drops out of the round. The caller starts
 * each dispatch with another study.
 */
public final class FairShare {

    /** What a dispatch decided, and the machines that took part (their changes are to be stored). */
    public record Round(List<Command> commands, Set<StudyMachine> touched) {
    }

    private FairShare() {
    }

    public static Round giveOut(List<StudyMachine> inTurn, int freeSlots, Instant now) {
        List<Command> out = new ArrayList<>();
        Set<StudyMachine> touched = new LinkedHashSet<>();
        int free = freeSlots;
        List<StudyMachine> waiting = inTurn;
        while (free > 0 && !waiting.isEmpty()) {
            List<StudyMachine> stillWaiting = new ArrayList<>();
            for (StudyMachine m : waiting) {
                if (free <= 0) {
                    break;
                }
                List<Command> step = m.next(now, 1);
                if (step.isEmpty()) {
                    continue;
                }
                out.addAll(step);
                touched.add(m);
                long queued = step.stream().filter(Command.Queue.class::isInstance).count();
                free -= (int) queued;
                if (queued > 0) {
                    stillWaiting.add(m);
                }
            }
            waiting = stillWaiting;
        }
        return new Round(out, touched);
    }
}
