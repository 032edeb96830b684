package dev.milotune.data;

/**
 * Fetching a dataset failed: registry unreachable, client missing, or a checksum that does not
 * match the pinned one. Nothing was written to the cache.
 */
public final class FetchException extends DataException {

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
