package dev.milotune.api;

import dev.milotune.data.SplitRole;
import dev.milotune.orchestration.DatasetService;
import dev.milotune.orchestration.StudyItems;
import dev.milotune.orchestration.StudyItems.EpochSubset;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Subsets and splits for workers of any language (docs/external-workers.md): each epoch's items,
 * delta-coded in JSON or as little-endian int32, so that no client re-implements MILO's curriculum.
 */
@Path("/api/v1")
public class StudyItemsResource {

    static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM;

    /** One epoch's subset; {@code indices} are delta-coded positions in the training split. */
    public record SubsetView(String studyId, String trialId, int rung, int epoch, int totalEpochs, String strategy, String phase,
            String planId, double fraction, int numItems, int size, String encoding, int[] indices) {
    }

    /** A split's rows in its source file ({@code train} or {@code test}), delta-coded. */
    public record RowsView(String source, int size, String encoding, int[] rows) {
    }

    public record SplitsView(String dataset, String contentHash, Map<String, RowsView> splits) {
    }

    private final StudyItems items;

    StudyItemsResource(StudyItems items) {
        this.items = items;
    }

    @GET
    @Path("studies/{id}/trials/{trialId}/subsets")
    @Produces({MediaType.APPLICATION_JSON, OCTETS})
    @Operation(summary = "The training-split positions a trial trains on in one epoch (JSON, delta-coded; or int32 little-endian with "
            + "Accept: application/octet-stream)")
    public Response subset(@PathParam("id") String id, @PathParam("trialId") String trialId, @QueryParam("epoch") String epoch,
            @QueryParam("rung") String rung, @HeaderParam("Accept") String accept) {
        EpochSubset s = items.subset(id, trialId, integer("epoch", Optional.ofNullable(epoch)).orElseThrow(
                () -> new InvalidSpecException("epoch", null, "is required (?epoch=E, 0-based)")), integer("rung", Optional.ofNullable(rung)));
        if (accept != null && accept.contains(OCTETS) && !accept.contains(MediaType.APPLICATION_JSON)) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * s.positions().length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asIntBuffer().put(s.positions());
            return Response.ok(bytes.array(), OCTETS)
                    .header("X-Milotune-Epoch", s.epoch()).header("X-Milotune-Total-Epochs", s.totalEpochs())
                    .header("X-Milotune-Rung", s.rung()).header("X-Milotune-Strategy", s.strategy())
                    .header("X-Milotune-Phase", s.phase()).header("X-Milotune-Num-Items", s.numItems())
                    .header("X-Milotune-Size", s.positions().length).build();
        }
        return Response.ok(new SubsetView(s.studyId(), s.trialId(), s.rung(), s.epoch(), s.totalEpochs(), s.strategy(), s.phase(),
                s.planId(), s.fraction(), s.numItems(), s.positions().length, "delta", deltas(s.positions())), MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    @Path("studies/{id}/splits")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The rows of the dataset's source files behind each split of the study's dataset (delta-coded)")
    public SplitsView splits(@PathParam("id") String id) {
        DatasetService.DatasetRows d = items.splits(id);
        Map<String, RowsView> splits = new java.util.LinkedHashMap<>();
        for (SplitRole role : SplitRole.values()) {
            splits.put(role.name().toLowerCase(java.util.Locale.ROOT), rows(d.rows().source(role), d.rows().of(role)));
        }
        return new SplitsView(d.dataset(), d.contentHash(), splits);
    }

    /** A split's rows, ascending (the stratified cuts keep the source's order), delta-coded. */
    private static RowsView rows(String source, int[] rows) {
        return new RowsView(source, rows.length, "delta", deltas(rows));
    }

    /** The first value, then each value's gap to the one before. */
    static int[] deltas(int[] ascending) {
        int[] out = new int[ascending.length];
        for (int i = 0; i < ascending.length; i++) {
            out[i] = i == 0 ? ascending[0] : ascending[i] - ascending[i - 1];
        }
        return out;
    }

    private static Optional<Integer> integer(String field, Optional<String> value) {
        return value.map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new InvalidSpecException(field, InvalidSpecException.abbreviate(v), "must be an integer");
            }
        });
    }
}
