package dev.milotune.sampling;

import dev.milotune.space.Configuration;
import java.util.List;

/**
 * Decides what configuration a trial tries. A pure function: no state between calls, no I/O, so a
 * restarted orchestrator gets the same suggestions by passing the same history. Thread-safe.
 */
public interface Sampler {

    /** The configuration for trial {@code trialNumber}, given what finished so far. Deterministic in (seed, trialNumber, history). */
    Configuration suggest(int trialNumber, List<Observation> history);
}
