package dev.milotune.orchestration;

import dev.milotune.study.Trial;
import java.util.List;
import java.util.Optional;

/** Port: where trials are kept. (study, number) is unique. */
public interface TrialRepository {

    void create(Trial trial);

    Optional<Trial> find(String id);

    /** The study's trials by number. */
    List<Trial> forStudy(String studyId);

    /** Trials of every study whose segment is QUEUED or RUNNING: what occupies worker slots. */
    List<Trial> inFlight();

    /** Replaces the stored trial with the same id; an unknown id is an error. */
    void update(Trial trial);
}
