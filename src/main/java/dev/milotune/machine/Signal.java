package dev.milotune.machine;

import java.time.Instant;
import java.util.Map;

/** What a study machine hears from the workers, already decoded and routed to the trial's study. */
public sealed interface Signal permits Signal.Epoch, Signal.Alive, Signal.Ended {

    String trialId();

    int attempt();

    /** One trained epoch of one attempt of a trial; {@code metrics}: all the worker measured, by name (may be empty). */
    record Epoch(String trialId, int attempt, int epoch, double trainLoss, double validationLoss, double validationAccuracy,
            Map<String, Double> metrics, double seconds, long items, String device, String workerId, Instant sentAt) implements Signal {
    }

    /** A worker trains the trial's {@code attempt} and is at {@code epoch} (a heartbeat's running segment). */
    record Alive(String trialId, int attempt, int epoch) implements Signal {
    }

    /**
     * A segment ended on a worker.
     *
     * @param checkpoint where the state after {@code epochTo} was stored (COMPLETED)
     * @param testAccuracy measured for final retrains, else null
     */
    record Ended(String trialId, int attempt, int epochTo, Outcome outcome, String reason, String checkpoint, Double testAccuracy)
            implements Signal {
    }

    /** How a segment ended. */
    enum Outcome {
        COMPLETED,
        /** Failed for a transient cause (storage, broker): another attempt may succeed. */
        FAILED_RETRIABLE,
        /** Failed for the trial's own reason (NaN loss, invalid hyperparameters). */
        FAILED,
        CANCELLED
    }
}
