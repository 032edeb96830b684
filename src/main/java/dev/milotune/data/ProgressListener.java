package dev.milotune.data;

/**
 * Hears how far a long piece of work (encoding a split) has got, so a service can show it.
 * Called from the working thread after each batch; keep it cheap.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done items finished so far
     * @param total items in the whole piece of work
     * @param itemsPerSecond the rate since the work started
     */
    void progress(long done, long total, double itemsPerSecond);

    static ProgressListener none() {
        return (done, total, itemsPerSecond) -> {
        };
    }
}
