package dev.milotune.data;

/** What registering a dataset under a name came to. */
public sealed interface Registration {

    /** The dataset under the name (for a conflict: the one already there). */
    RegisteredDataset dataset();

    /** Stored now. */
    record Created(RegisteredDataset dataset) implements Registration {
    }

    /** The name already holds the same content (same content hash): nothing changed. */
    record Unchanged(RegisteredDataset dataset) implements Registration {
    }

    /** The name already holds other content; the upload was not stored. */
    record Conflict(RegisteredDataset dataset, String uploadedContentHash) implements Registration {
    }
}
