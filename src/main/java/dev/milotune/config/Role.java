package dev.milotune.config;

/**
 * What this process does. {@code all} runs the orchestrator and local workers in one process (the
 * embedded default); a Kubernetes deployment runs one {@code orchestrator} and many {@code worker}
 * pods of the same artifact.
 */
public enum Role {
    ALL,
    ORCHESTRATOR,
    WORKER;

    public boolean runsOrchestrator() {
        return this != WORKER;
    }

    public boolean runsWorker() {
        return this != ORCHESTRATOR;
    }

    /** Parses the configured value, naming the setting and the allowed values when it is wrong. */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("milotune.role is '" + value
                + "', but must be one of all, orchestrator, worker");
    }
}
