package dev.milotune.orchestration;

import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import java.util.List;
import java.util.Optional;

/** Port: where trials are kept. (study, number) is unique. Implementations join the caller's transaction. */
public interface TrialRepository {

    /** Stores new trials. */
    void createAll(List<Trial> trials);

    default void create(Trial trial) {
        createAll(List.of(trial));
    }

    Optional<Trial> find(String id);

    /** The study's trials by number. */
    List<Trial> forStudy(String studyId);

    /** Trials of every study whose segment is QUEUED or RUNNING. */
    List<Trial> inFlight();

    /**
     * Stores {@code trial} over the stored trial with its id (compare-and-set): the stored one must be
     * in state {@code expected}, and a trial that has ended keeps its final state.
     *
     * @throws StaleStateException when the stored trial is not in {@code expected}, or has ended in another state
     * @throws IllegalArgumentException for an unknown id
     */
    default void save(TrialState expected, Trial trial) {
        saveAll(List.of(new Save(expected, trial)));
    }

    /**
     * Stores each save in order, as {@link #save} does; one trial may be saved several times, each
     * save expecting the state the one before stored.
     *
     * @throws StaleStateException for the first save whose trial is not in its expected state
     */
    void saveAll(List<Save> saves);

    /** A compare-and-set save: {@code trial} over the stored trial with its id, which must be in {@code expected}. */
    record Save(TrialState expected, Trial trial) {
    }
}
