package dev.milotune.api;

import dev.milotune.orchestration.DatasetService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The datasets: the catalogue and the registered ones. Registering ({@code POST}, multipart) is
 * served by {@link DatasetUploads}, ahead of RESTEasy and its body limit.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    private final DatasetService datasets;

    DatasetsResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GET
    @Operation(summary = "The dataset catalogue and whether each set is fetched, then the registered datasets (kind user)")
    public List<DatasetView> list() {
        return Stream.concat(datasets.catalogue().stream().map(DatasetView::of),
                datasets.registered().stream().map(d -> DatasetView.of(d, false))).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One dataset; a registered one with its class names")
    public DatasetView get(@PathParam("name") String name) {
        return datasets.catalogue().stream().filter(d -> d.name().equals(name)).findFirst().map(DatasetView::of)
                .orElseGet(() -> DatasetView.of(datasets.registered(name), true));
    }
}
