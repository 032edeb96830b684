package dev.milotune.api;

import dev.milotune.orchestration.PlanRecord;
import dev.milotune.orchestration.PlanService;
import dev.milotune.orchestration.NotFoundException;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    /** Ask for MILO plans of a dataset and encoder at one or more fractions. */
    public record PlanRequestBody(String dataset, String encoder, List<Double> fractions) {
    }

    private final PlanService plans;

    PlansResource(PlanService plans) {
        this.plans = plans;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compute (or reuse) MILO plans; 202 with the progress while computing, 200 when ready")
    public Response compute(PlanRequestBody body) {
        if (body == null || body.dataset() == null || body.dataset().isBlank()) {
            throw new InvalidSpecException("dataset", null, "is required");
        }
        List<Double> fractions = body.fractions() == null || body.fractions().isEmpty() ? List.of(0.1) : body.fractions();
        for (double f : fractions) {
            if (!(f > 0 && f < 1)) {
                throw new InvalidSpecException("fractions", f, "must each be in (0, 1)");
            }
        }
        var request = new PlanService.PlanRequest(body.dataset(), body.encoder() == null ? "default" : body.encoder(), fractions);
        var future = plans.ensure(request);
        var progress = plans.progress(request).orElseThrow();
        return Response.status(future.isDone() && !future.isCompletedExceptionally() ? 200 : 202).entity(progress).build();
    }

    @GET
    @Operation(summary = "Plans stored so far, and the progress of those being computed")
    public Response list() {
        return Response.ok(java.util.Map.of("plans", plans.list(), "computing", plans.allProgress())).build();
    }

    @GET
    @Path("{id}")
    public PlanRecord get(@PathParam("id") String id) {
        return plans.find(id).orElseThrow(() -> new NotFoundException("no plan with id " + id));
    }
}
