package dev.milotune.api;

import dev.milotune.api.StudyViews.Comparison;
import dev.milotune.api.StudyViews.CostView;
import dev.milotune.orchestration.StudyService;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/compare")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {

    private final StudyService service;

    CompareResource(StudyService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Tuning cost, wall time, chosen configurations, final accuracies and speedup against a baseline study "
            + "(the first one unless `baseline` names another)")
    public Comparison compare(@QueryParam("studies") String studies, @QueryParam("baseline") String baseline) {
        if (studies == null || studies.isBlank()) {
            throw new InvalidSpecException("studies", studies, "must list study ids separated by commas");
        }
        List<String> ids = Arrays.stream(studies.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String base = baseline == null || baseline.isBlank() ? ids.get(0) : baseline;
        if (!ids.contains(base)) {
            throw new InvalidSpecException("baseline", base, "must be one of the compared studies");
        }
        var costs = service.compare(ids);
        var baseCost = costs.get(ids.indexOf(base));
        return new Comparison(base, costs.stream().map(c -> CostView.of(c, baseCost)).toList());
    }
}
