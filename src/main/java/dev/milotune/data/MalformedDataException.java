package dev.milotune.data;

/**
 * A data file that does not parse: names the file, where in it (line, or byte offset) and what was
 * expected there. Invalid input, not a transient failure.
 */
public final class MalformedDataException extends DataException {

    private final String file;
    private final String location;
    private final String problem;

    public MalformedDataException(String file, String location, String problem) {
        super(file + ", " + location + ": " + problem);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    public MalformedDataException(String file, String location, String problem, Throwable cause) {
        super(file + ", " + location + ": " + problem, cause);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** "line 12", "line 3, column 17", "byte 16" or "row 4 (byte 208)". */
    public String location() {
        return location;
    }

    /** What was expected there, and what was found. */
    public String problem() {
        return problem;
    }
}
