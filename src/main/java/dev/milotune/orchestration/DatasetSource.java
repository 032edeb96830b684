package dev.milotune.orchestration;

import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.FetchResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;

/**
 * Where the orchestrator's fetches go: the catalogue's pinned packages, through
 * {@link DatasetFetcher}. A bean of its own, as time is ({@link Clocks}), so that a test can stand
 * in for a registry that cannot be reached.
 */
@ApplicationScoped
class DatasetSource {

    /** Fetches {@code dataset} into {@code dataDir}, telling {@code stages} where it stands. */
    FetchResult fetch(DataDirectory dataDir, String dataset, Consumer<String> stages) {
        return new DatasetFetcher(dataDir).fetch(dataset, stages);
    }
}
