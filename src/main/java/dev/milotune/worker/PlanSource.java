package dev.milotune.worker;

import java.util.Optional;

/** Port: where a worker finds a subset plan it does not have yet (the compacted plans topic). */
public interface PlanSource {

    /** The plan's binary form, if the source has it. */
    Optional<byte[]> fetch(String planId);
}
