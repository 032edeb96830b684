package dev.milotune.data;

import java.nio.file.Path;
import java.util.Locale;

/** File formats of text and tabular datasets; any of them may be gzipped. */
public enum FileFormat {
    /** One JSON array of objects. */
    JSON,
    /** One JSON object a line (JSON Lines). */
    JSONL,
    /** Comma-separated values with a header row (RFC 4180 quoting). */
    CSV;

    /** The format a file name says, ignoring a trailing {@code .gz}. */
    public static FileFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        throw new IllegalArgumentException("file " + file + " has no known extension; expected .json, .jsonl or .csv"
                + " (optionally .gz), or name the format");
    }
}
