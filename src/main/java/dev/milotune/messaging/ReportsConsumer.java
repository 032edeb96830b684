package dev.milotune.messaging;

import dev.milotune.orchestration.StudyConductor;
import dev.milotune.orchestration.WorkerRegistry;
import dev.milotune.orchestration.WorkerStatus;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.Wire;
import dev.milotune.wire.WorkerMessage;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The orchestrator's side of the reports topic: decodes each record and hands it to the service
 * that owns it. A record that cannot be decoded fails, and the channel's dead-letter strategy moves
 * it to the dead-letter topic.
 */
@ApplicationScoped
class ReportsConsumer {

    private final WorkerRegistry workers;
    private final StudyConductor conductor;

    ReportsConsumer(WorkerRegistry workers, StudyConductor conductor) {
        this.workers = workers;
        this.conductor = conductor;
    }

    @Incoming(Channels.REPORTS_IN)
    @Blocking(ordered = true)
    void consume(String json) {
        WorkerMessage message = Wire.decode(json, WorkerMessage.class);
        if (message instanceof Heartbeat h) {
            workers.heartbeat(new WorkerStatus(h.workerId(), h.host(), h.slots(), h.busySlots(), h.device(),
                    h.startedAt(), h.sentAt()));
            conductor.onHeartbeat(h);
        } else if (message instanceof EpochReport r) {
            conductor.onEpoch(r);
        } else if (message instanceof SegmentOutcome o) {
            conductor.onOutcome(o);
        }
    }
}
