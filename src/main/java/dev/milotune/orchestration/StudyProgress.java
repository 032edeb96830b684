package dev.milotune.orchestration;

import java.time.Instant;

/**
 * Something changed in a study: a CDI event the orchestrator fires after each committed change,
 * which the API turns into server-sent events.
 *
 * @param kind {@code state}, {@code trial}, {@code epoch}, {@code plan}
 * @param trialId the trial concerned, if any
 */
public record StudyProgress(String studyId, String kind, String trialId, String detail, Instant at) {
}
