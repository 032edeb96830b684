package dev.milotune.worker;

/**
 * The trial itself cannot train: bad hyperparameters, a NaN or infinite loss, data that does not
 * fit the model family. Retrying would fail the same way, so the failure is final.
 */
class InvalidTrialException extends RuntimeException {

    InvalidTrialException(String message) {
        super(message);
    }
}
