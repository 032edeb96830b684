package dev.milotune.selection;

/**
 * Progress of a long computation, reported on the calling thread. Stages of a plan:
 * {@code validate}, {@code hash}, {@code kernel}, {@code sge}, {@code wre}, {@code assemble}.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores all progress. */
    ProgressListener NONE = (stage, done, total) -> { };

    void onProgress(String stage, long done, long total);
}
