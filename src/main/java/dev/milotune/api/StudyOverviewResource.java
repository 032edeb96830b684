package dev.milotune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.orchestration.FetchService.FetchProgress;
import dev.milotune.orchestration.PlanService.PlanProgress;
import dev.milotune.orchestration.StudyOverview;
import dev.milotune.orchestration.StudyOverview.ClassBudget;
import dev.milotune.orchestration.StudyOverview.PlanSummary;
import dev.milotune.orchestration.StudyOverview.StudyRungs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the web page shows beside a study's trials: its rungs, its subset plans and its dataset's fetch. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class StudyOverviewResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored plan: its record, what its file says about the budgets, and its provenance. */
    public record PlanView(String id, String dataset, String encoder, double fraction, double preprocessingSeconds, long sizeBytes,
            Instant createdAt, int numItems, int totalBudget, int numSubsets, List<ClassBudget> classes,
            Map<String, Object> provenance) {

        static PlanView of(PlanSummary s) {
            var r = s.record();
            return new PlanView(r.id(), r.dataset(), r.encoder(), r.fraction(), r.preprocessingSeconds(), r.sizeBytes(), r.createdAt(),
                    s.numItems(), s.totalBudget(), s.numSubsets(), s.classes(), json(r.provenance()));
        }
    }

    /** Where the plan computation stands: {@code stage} with {@code done} of {@code total} items. */
    public record PlanProgressView(String state, String stage, long done, long total, String error, Instant startedAt) {

        static PlanProgressView of(PlanProgress p) {
            return new PlanProgressView(p.state().name(), p.stage(), p.done(), p.total(), p.error().orElse(null), p.startedAt());
        }
    }

    /**
     * Where the fetch of the study's dataset stands ({@code FETCHING}, {@code FETCHED}, {@code FAILED}):
     * {@code stage} is queued, waiting, download, check, store, then fetched or failed.
     */
    public record FetchProgressView(String dataset, String source, String state, String stage, long bytes, String error,
            Instant startedAt, Instant finishedAt) {

        static FetchProgressView of(FetchProgress p) {
            return new FetchProgressView(p.dataset(), p.source(), p.state().name(), p.stage(), p.bytes(), p.error().orElse(null),
                    p.startedAt(), p.finishedAt().orElse(null));
        }
    }

    /**
     * The plans of a study (none for the random and full strategies) and, while known, their computation's progress
     * and the fetch of its dataset (when the service fetched it on demand).
     */
    public record StudyPlansView(String strategy, List<Double> fractions, FetchProgressView fetch, PlanProgressView progress,
            List<PlanView> plans) {
    }

    private final StudyOverview overview;

    StudyOverviewResource(StudyOverview overview) {
        this.overview = overview;
    }

    @GET
    @Path("studies/{id}/rungs")
    @Operation(summary = "The rungs of the study's brackets: the epochs (and subset fraction) at which trials are judged")
    public StudyRungs rungs(@PathParam("id") String id) {
        return overview.rungs(id);
    }

    @GET
    @Path("studies/{id}/plans")
    @Operation(summary = "The study's subset plans (fraction, per-class budgets, pre-processing time, encoder), "
            + "the progress of their computation and of its dataset's fetch")
    public StudyPlansView plans(@PathParam("id") String id) {
        var plans = overview.plans(id);
        return new StudyPlansView(plans.strategy(), plans.fractions(), plans.fetch().map(FetchProgressView::of).orElse(null),
                plans.progress().map(PlanProgressView::of).orElse(null),
                plans.plans().stream().map(PlanView::of).toList());
    }

    private static Map<String, Object> json(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan provenance is not JSON", e);
        }
    }
}
