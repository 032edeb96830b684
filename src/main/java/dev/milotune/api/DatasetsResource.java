package dev.milotune.api;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetInfo;
import dev.milotune.data.Datasets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    private final MilotuneConfig config;

    DatasetsResource(MilotuneConfig config) {
        this.config = config;
    }

    @GET
    @Operation(summary = "The dataset catalogue and whether each set is fetched")
    public List<DatasetInfo> list() {
        return Datasets.catalogue(new DataDirectory(config.dataDir()));
    }
}
