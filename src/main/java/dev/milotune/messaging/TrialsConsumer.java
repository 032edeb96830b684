package dev.milotune.messaging;

import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import dev.milotune.worker.TrialRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The workers' side of the trials topic: one consumer group over every worker process, each
 * process training up to {@code milotune.worker.slots} segments at once (its worker pool). A task
 * that cannot be decoded goes to the dead-letter topic; training failures are reported by the
 * runner and acknowledged here.
 */
@ApplicationScoped
class TrialsConsumer {

    static final String POOL = "milotune-trainer";

    private final TrialRunner runner;

    TrialsConsumer(TrialRunner runner) {
        this.runner = runner;
    }

    @Incoming(Channels.TRIALS_IN)
    @Blocking(value = POOL, ordered = false)
    void consume(String json) {
        runner.run(Wire.decode(json, TrialTask.class));
    }
}
