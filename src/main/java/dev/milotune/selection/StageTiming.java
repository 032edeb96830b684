package dev.milotune.selection;

/** Wall time of one stage of a computation, e.g. {@code kernel} or {@code sge}. */
public record StageTiming(String stage, long millis) {
}
