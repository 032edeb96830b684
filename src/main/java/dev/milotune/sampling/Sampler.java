package dev.milotune.sampling;

import dev.milotune.space.Configuration;
import java.util.List;

/**
 * Decides what configuration a trial tries. A pure function: no state between calls, no I/O, so a
 * restarted orchestrator gets the same suggestions by passing the same history. Thread-safe.
 */
public interface Sampler {

    /**
     * The configuration for trial {@code trialNumber}, given what finished so far and what is still
     * running. Deterministic in (seed, trialNumber, history, pending), whatever the order of history and
     * of pending.
     *
     * @param history finished measurements, see {@link Observation}
     * @param pending the configurations of trials in flight: started, with no score yet at the rung they
     *     run. {@link Samplers#tpe TPE} keeps new suggestions away from them (Optuna's constant liar);
     *     random and grid search ignore them
     */
    Configuration suggest(int trialNumber, List<Observation> history, List<Configuration> pending);

    /** {@link #suggest(int, List, List)} with no trial in flight. */
    default Configuration suggest(int trialNumber, List<Observation> history) {
        return suggest(trialNumber, history, List.of());
    }
}
