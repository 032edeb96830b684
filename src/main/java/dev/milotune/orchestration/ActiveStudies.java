package dev.milotune.orchestration;

import dev.milotune.machine.StudyMachine;
import dev.milotune.study.Trial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of running studies: one {@link StudyMachine} each, owned by the conductor's thread
 * (the only thread that touches a machine, so no machine needs a lock), with an index from trial to
 * study for heartbeats. Other threads read the published snapshots: a study's trials as its machine
 * last stored them, leases included.
 */
final class ActiveStudies {

    private final Map<String, StudyMachine> machines = new LinkedHashMap<>();
    private final Map<String, String> studyOfTrial = new HashMap<>();
    private final Map<String, List<Trial>> snapshots = new ConcurrentHashMap<>();

    /** Registers {@code machine}, replacing the study's previous one. */
    void put(StudyMachine machine) {
        machines.put(machine.study().id(), machine);
        publish(machine);
    }

    Optional<StudyMachine> get(String studyId) {
        return Optional.ofNullable(machines.get(studyId));
    }

    /** The machine of the study that holds {@code trialId}. */
    Optional<StudyMachine> ofTrial(String trialId) {
        return Optional.ofNullable(studyOfTrial.get(trialId)).map(machines::get);
    }

    void remove(String studyId) {
        StudyMachine machine = machines.remove(studyId);
        if (machine != null) {
            machine.trials().forEach(t -> studyOfTrial.remove(t.id()));
        }
        snapshots.remove(studyId);
    }

    /** The machines, in turn from {@code offset} (fair share: each dispatch starts with another study). */
    List<StudyMachine> inTurn(int offset) {
        List<StudyMachine> all = new ArrayList<>(machines.values());
        if (all.isEmpty()) {
            return all;
        }
        int start = Math.floorMod(offset, all.size());
        List<StudyMachine> turned = new ArrayList<>(all.subList(start, all.size()));
        turned.addAll(all.subList(0, start));
        return turned;
    }

    /** The machines of each worker pool, each pool's in turn from {@code offset} (see {@link #inTurn}). */
    Map<String, List<StudyMachine>> inTurnByPool(int offset) {
        Map<String, List<StudyMachine>> byPool = new LinkedHashMap<>();
        for (StudyMachine m : inTurn(offset)) {
            byPool.computeIfAbsent(m.spec().worker().pool(), p -> new ArrayList<>()).add(m);
        }
        return byPool;
    }

    /** Makes the machine's trials visible to other threads (after its changes are stored). */
    void publish(StudyMachine machine) {
        List<Trial> trials = machine.trials();
        for (Trial t : trials) {
            studyOfTrial.putIfAbsent(t.id(), machine.study().id());
        }
        snapshots.put(machine.study().id(), trials);
    }

    /** The study's trials as last published; empty when the study is not running here. Any thread. */
    Optional<List<Trial>> snapshot(String studyId) {
        return Optional.ofNullable(snapshots.get(studyId));
    }
}
