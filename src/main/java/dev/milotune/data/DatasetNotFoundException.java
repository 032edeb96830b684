package dev.milotune.data;

/** No such dataset in the catalogue, or a catalogue dataset that has not been fetched yet. */
public final class DatasetNotFoundException extends DataException {

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
