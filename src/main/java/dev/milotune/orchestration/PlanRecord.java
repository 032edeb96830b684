package dev.milotune.orchestration;

import java.time.Instant;

/**
 * What the orchestrator knows of a stored subset plan; the plan itself is a file in the plan
 * directory and a record on the compacted plans topic.
 *
 * @param preprocessingSeconds encoding plus selection time when the plan was computed: MILO's
 *     one-off cost, which the speedup experiment folds into end-to-end numbers
 * @param provenance the plan's provenance as JSON (timings per stage, memory, WRE ratio, key)
 */
public record PlanRecord(String id, String dataset, String datasetHash, String encoder, double fraction, long sizeBytes,
        String location, double preprocessingSeconds, String provenance, Instant createdAt) {
}
