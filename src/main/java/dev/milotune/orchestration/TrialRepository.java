package dev.milotune.orchestration;

import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import java.util.List;
import java.util.Optional;

/** Port: where trials are kept. (study, number) is unique. Implementations join the caller's transaction. */
public interface TrialRepository {

    void create(Trial trial);

    Optional<Trial> find(String id);

    /** The study's trials by number. */
    List<Trial> forStudy(String studyId);

    /** Reads these trials into the transaction at once, ahead of their saves: one query instead of one a save. */
    void prepare(java.util.Collection<String> ids);

    /** Trials of every study whose segment is QUEUED or RUNNING. */
    List<Trial> inFlight();

    /**
     * Stores {@code trial} over the stored trial with its id (compare-and-set): the stored one must be
     * in state {@code expected}, and a trial that has ended keeps its final state.
     *
     * @throws StaleStateException when the stored trial is not in {@code expected}, or has ended in another state
     * @throws IllegalArgumentException for an unknown id
     */
    void save(TrialState expected, Trial trial);
}
