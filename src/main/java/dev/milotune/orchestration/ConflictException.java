package dev.milotune.orchestration;

/** The request does not fit the current state, e.g. cancelling a finished study (HTTP 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
