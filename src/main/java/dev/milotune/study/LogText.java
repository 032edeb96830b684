package dev.milotune.study;

/**
 * Text that came from a user (study names, dataset names, values, reasons and messages built from
 * them) as it may be written into a log line: control characters, line and paragraph separators
 * escaped as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so no one can forge a log line,
 * and cut after {@value #MAX_LENGTH} characters, so no one can fill the log. Every log line that
 * carries such text passes it through {@link #escape}.
 */
public final class LogText {

    static final int MAX_LENGTH = 300;

    private LogText() {
    }

    /** {@code text} (its {@code toString()}) escaped and cut; {@code "null"} for null. */
    public static String escape(Object text) {
        String s = String.valueOf(text);
        int end = Math.min(s.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > end) {
            out.append("... (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
