package dev.milotune.orchestration;

import dev.milotune.study.Study;
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

    /** Replaces the stored study with the same id; an unknown id is an error. */
    void update(Study study);
}
