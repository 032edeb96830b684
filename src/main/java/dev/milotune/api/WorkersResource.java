package dev.milotune.api;

import dev.milotune.orchestration.WorkerRegistry;
import dev.milotune.orchestration.WorkerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkersResource {

    public record WorkerView(String id, String host, String pool, int slots, int busySlots, String device,
            Instant startedAt, Instant lastHeartbeatAt) {
        static WorkerView of(WorkerStatus w) {
            return new WorkerView(w.id(), w.host(), w.pool(), w.slots(), w.busySlots(), w.device(), w.startedAt(), w.lastHeartbeatAt());
        }
    }

    private final WorkerRegistry workers;

    WorkersResource(WorkerRegistry workers) {
        this.workers = workers;
    }

    @GET
    @Operation(summary = "Workers known from their heartbeats, most recent first")
    public List<WorkerView> list() {
        return workers.all().stream().map(WorkerView::of).toList();
    }
}
