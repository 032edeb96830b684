package dev.milotune.machine;

/**
 * How often a segment is tried: a lost or transiently failed segment is sent again until
 * {@code maxAttempts} attempts have been made; then the trial fails (with the worst score, so the
 * scheduler never promotes it). A failure of the trial's own making (NaN loss, bad
 * hyperparameters) is not retried.
 */
public record RetryPolicy(int maxAttempts) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + ", but must be >= 1");
        }
    }

    /** True when attempt {@code attempt} (from 0) may be followed by another. */
    boolean mayRetry(int attempt) {
        return attempt + 1 < maxAttempts;
    }
}
