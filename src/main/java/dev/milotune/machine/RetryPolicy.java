package dev.milotune.machine;

/**
 * How often a segment is tried: a lost or transiently failed segment is sent again until
 * {@code maxAttempts} attempts have been made; then the trial fails (with the worst score, so the
 * scheduler never promotes it). A failure of the trial's own making (NaN loss, bad
 * hyperparameters) is not retried.
 *
 * <p>Attempts also tell runs of a trial's model apart. Data fidelity trains every rung as a new
 * run from scratch, over the same epochs on more data; its reports are keyed by (trial, attempt,
 * epoch) like any other, so each run starts at the next multiple of {@code maxAttempts}: rung k's
 * first attempt is k * maxAttempts, and its retries follow it.
 */
public record RetryPolicy(int maxAttempts) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + ", but must be >= 1");
        }
    }

    /** True when attempt {@code attempt} may be followed by another of its run. */
    boolean mayRetry(int attempt) {
        return attemptsOfRun(attempt) < maxAttempts;
    }

    /** How many attempts of its run {@code attempt} is: 1 for the first. */
    int attemptsOfRun(int attempt) {
        return attempt % maxAttempts + 1;
    }

    /** The first attempt of the run after the one {@code attempt} belongs to. */
    int nextRun(int attempt) {
        return (attempt / maxAttempts + 1) * maxAttempts;
    }
}
