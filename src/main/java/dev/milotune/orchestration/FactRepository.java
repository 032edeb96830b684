package dev.milotune.orchestration;

import dev.milotune.scheduling.Fact;
import java.util.List;

/** Port: a study's scheduler facts, in order; replayed to rebuild the scheduler after a restart. */
public interface FactRepository {

    /** Appends facts numbered from {@code firstSeq}; a number already stored is an error (no double decisions). */
    void append(String studyId, int firstSeq, List<Fact> facts);

    List<Fact> forStudy(String studyId);
}
