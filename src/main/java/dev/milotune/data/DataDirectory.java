package dev.milotune.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The project's data directory, outside git: fetched datasets, the embedding cache, copied model
 * files and DJL's native caches each get a subdirectory. Resolved from the system property or
 * environment variable {@code MILOTUNE_DATA_DIR}, else {@code ./.milotune}.
 */
public record DataDirectory(Path root) {

    public static final String VARIABLE = "MILOTUNE_DATA_DIR";

    public DataDirectory {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** From {@code -DMILOTUNE_DATA_DIR}, else the environment variable, else {@code ./.milotune}. */
    public static DataDirectory resolve() {
        String configured = System.getProperty(VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(VARIABLE);
        }
        return new DataDirectory(Path.of(configured == null || configured.isBlank() ? ".milotune" : configured));
    }

    public Path datasets() {
        return root.resolve("datasets");
    }

    /** Registered datasets (POST /api/v1/datasets): one directory each. */
    public Path userDatasets() {
        return datasets().resolve("user");
    }

    public Path embeddings() {
        return root.resolve("embeddings");
    }

    public Path models() {
        return root.resolve("models");
    }

    /** DJL's model and engine caches (natives extracted once, about 430 MB for PyTorch). */
    public Path djlCache() {
        return root.resolve("djl");
    }
}
