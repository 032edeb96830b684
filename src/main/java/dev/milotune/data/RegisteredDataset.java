package dev.milotune.data;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dataset registered from the user's own embeddings and labels ({@code POST /api/v1/datasets}):
 * no items, only their vectors, so MILO plans on it but only external workers train on it. Its
 * one split is training: all N rows, in upload order.
 *
 * @param name its name, unique among the catalogue and the registrations
 * @param numItems N, the rows
 * @param dimension d, the width of a row
 * @param classNames one name a class; labels are indices into it
 * @param contentHash SHA-256 over the embeddings, the labels and the class names (see {@link RegisteredDatasets})
 * @param embeddingsHash SHA-256 of {@code "f32 N d\n"} and the float32 values (selection.ContentHash)
 * @param labelsHash SHA-256 of {@code "i32 N\n"} and the labels as int32 (selection.ContentHash)
 * @param createdAt when it was registered
 * @param owner the name of the token that registered it
 */
public record RegisteredDataset(String name, int numItems, int dimension, List<String> classNames, String contentHash,
        String embeddingsHash, String labelsHash, Instant createdAt, String owner) {

    /** The encoder a registered dataset's plans record: the user's own, whatever it was. */
    public static final String ENCODER = "user-supplied";

    public RegisteredDataset {
        Objects.requireNonNull(name, "name");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(owner, "owner");
    }

    public int numClasses() {
        return classNames.size();
    }
}
