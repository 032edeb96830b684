package dev.milotune.orchestration;

/**
 * A compare-and-set found the stored state changed: someone else (a cancel, another orchestrator)
 * moved the study or trial on. The change is not stored; the caller rebuilds from what is.
 */
public class StaleStateException extends RuntimeException {

    public StaleStateException(String message) {
        super(message);
    }
}
