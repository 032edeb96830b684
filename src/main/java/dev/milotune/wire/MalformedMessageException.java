package dev.milotune.wire;

/**
 * A wire record that cannot be decoded or breaks a rule of the contract. Consumers let it fail the
 * message, which sends it to the topic's dead-letter topic; nothing is lost and the consumer goes on.
 */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
