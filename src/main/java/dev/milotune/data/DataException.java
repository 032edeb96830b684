package dev.milotune.data;

/** Base of the data package's failures; the subtypes say whose fault it is and what to do. */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
