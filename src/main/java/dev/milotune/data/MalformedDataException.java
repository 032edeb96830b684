package dev.milotune.data;

/**
 * A data file that does not parse: names the file, where in it (line, or byte offset) and what was
 * expected there. Invalid input, not a transient failure.
 */
public final class MalformedDataException extends DataException {

    private final String file;
    private final String location;

    public MalformedDataException(String file, String location, String problem) {
        super(file + ", " + location + ": " + problem);
        this.file = file;
        this.location = location;
    }

    public MalformedDataException(String file, String location, String problem, Throwable cause) {
        super(file + ", " + location + ": " + problem, cause);
        this.file = file;
        this.location = location;
    }

    public String file() {
        return file;
    }

    /** "line 12", "line 3, column 17" or "byte 16". */
    public String location() {
        return location;
    }
}
