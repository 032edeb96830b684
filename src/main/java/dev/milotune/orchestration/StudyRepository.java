package dev.milotune.orchestration;

import dev.milotune.study.Study;
import dev.milotune.study.StudyState;
import java.util.List;
import java.util.Optional;

/** Port: where studies are kept. Implementations join the caller's transaction. */
public interface StudyRepository {

    void create(Study study);

    Optional<Study> find(String id);

    /** Studies in a state, oldest first (e.g. the running ones to resume after a restart). */
    List<Study> inState(dev.milotune.study.StudyState state);

    /** All studies, newest first. */
    List<Study> list();

    /**
     * Stores {@code study} over the stored study with its id (compare-and-set on the state): a cancel
     * stored meanwhile is never overwritten by a stale copy.
     *
     * @throws StaleStateException when the stored study is not in state {@code expected}
     * @throws IllegalArgumentException for an unknown id
     */
    void save(StudyState expected, Study study);
}
