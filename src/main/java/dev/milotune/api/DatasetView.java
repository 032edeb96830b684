package dev.milotune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.milotune.data.DatasetInfo;
import dev.milotune.data.RegisteredDataset;
import java.time.Instant;
import java.util.List;

/**
 * A dataset as the API shows it. Catalogue sets have the first five fields ({@code kind} IMAGE,
 * TEXT or TABULAR); registered ones have {@code kind} {@code user} and their size, encoder, content
 * hash, time and owner, and their class names when shown alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DatasetView(String name, String kind, String description, String source, boolean available, Integer numItems,
        Integer dimension, Integer numClasses, List<String> classNames, String encoder, String contentHash, Instant createdAt,
        String owner) {

    static final String USER = "user";

    static DatasetView of(DatasetInfo info) {
        return new DatasetView(info.name(), info.kind().name(), info.description(), info.source(), info.available(), null, null, null, null,
                null, null, null, null);
    }

    static DatasetView of(RegisteredDataset dataset, boolean withClassNames) {
        return new DatasetView(dataset.name(), USER, dataset.numItems() + " x " + dataset.dimension() + " embeddings, "
                + dataset.numClasses() + " classes; one training split, all rows in upload order", "registered (POST /api/v1/datasets)", true,
                dataset.numItems(), dataset.dimension(), dataset.numClasses(), withClassNames ? dataset.classNames() : null,
                RegisteredDataset.ENCODER, dataset.contentHash(), dataset.createdAt(), dataset.owner());
    }
}
