package dev.milotune.api;

import dev.milotune.access.Caller;
import dev.milotune.access.RequestQuota;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.orchestration.PlanRecord;
import dev.milotune.orchestration.PlanService;
import dev.milotune.orchestration.NotFoundException;
import dev.milotune.data.Encoders;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.StudySpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    /** Ask for MILO plans of a dataset and encoder at one or more fractions. */
    public record PlanRequestBody(String dataset, String encoder, List<Double> fractions) {
    }

    /** Bounds a request's size; a study's data-fidelity ladder asks for a handful of fractions. */
    static final int MAX_FRACTIONS = 32;

    private final PlanService plans;
    private final CurrentCaller caller;
    private final java.time.Clock clock;
    private final RequestQuota quota;

    PlansResource(PlanService plans, CurrentCaller caller, java.time.Clock clock, MilotuneConfig config) {
        this.plans = plans;
        this.caller = caller;
        this.clock = clock;
        this.quota = new RequestQuota(config.auth().planRequestsPerHour(), Duration.ofHours(1));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compute (or reuse) MILO plans; 202 with the progress while computing, 200 when ready")
    public Response compute(PlanRequestBody body) {
        if (body == null || body.dataset() == null || body.dataset().isBlank()) {
            throw new InvalidSpecException("dataset", null, "is required");
        }
        // Every request is remembered with its progress, so what it may hold is bounded here.
        StudySpec.DatasetSpec.checkName("dataset", body.dataset());
        if (body.encoder() != null && !Encoders.NAMES.contains(body.encoder())) {
            throw new InvalidSpecException("encoder", InvalidSpecException.abbreviate(body.encoder()), "must be one of " + Encoders.NAMES);
        }
        List<Double> fractions = body.fractions() == null || body.fractions().isEmpty() ? List.of(0.1) : body.fractions();
        if (fractions.size() > MAX_FRACTIONS) {
            throw new InvalidSpecException("fractions", fractions.size() + " fractions", "must list at most " + MAX_FRACTIONS);
        }
        for (double f : fractions) {
            if (!(f > 0 && f < 1)) {
                throw new InvalidSpecException("fractions", f, "must each be in (0, 1)");
            }
        }
        Caller who = caller.get();
        Optional<Duration> wait = who.isAdmin() ? Optional.empty() : quota.tryAcquire(who.tokenId(), clock.instant());
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            return Response.fromResponse(ProblemMappers.respond(Problem.of(429, "Too many plan requests",
                    who.label() + " made " + quota.limit() + " plan requests in the last hour, its quota "
                            + "(milotune.auth.plan-requests-per-hour); the next fits in " + seconds + " s")))
                    .header(HttpHeaders.RETRY_AFTER, seconds).build();
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
