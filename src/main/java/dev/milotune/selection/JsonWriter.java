package dev.milotune.selection;

import java.io.IOException;

/**
 * A minimal streaming JSON writer (RFC 8259), so that this package exports plans without a JSON
 * library. Compact output; non-finite numbers are refused because JSON cannot carry them.
 */
final class JsonWriter {

    private final Appendable out;
    /** needsComma[depth]: whether the next value at this depth follows a sibling. */
    private boolean[] needsComma = new boolean[16];
    private int depth;
    private boolean afterName;

    JsonWriter(Appendable out) {
        this.out = out;
    }

    JsonWriter beginObject() throws IOException {
        return open('{');
    }

    JsonWriter endObject() throws IOException {
        return close('}');
    }

    JsonWriter beginArray() throws IOException {
        return open('[');
    }

    JsonWriter endArray() throws IOException {
        return close(']');
    }

    JsonWriter name(String name) throws IOException {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String text) throws IOException {
        separate();
        string(text);
        return this;
    }

    JsonWriter value(long number) throws IOException {
        separate();
        out.append(Long.toString(number));
        return this;
    }

    JsonWriter value(double number) throws IOException {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("JSON cannot represent " + number);
        }
        separate();
        out.append(Double.toString(number));
        return this;
    }

    JsonWriter value(int[] numbers) throws IOException {
        beginArray();
        for (int number : numbers) {
            value(number);
        }
        return endArray();
    }

    JsonWriter value(double[] numbers) throws IOException {
        beginArray();
        for (double number : numbers) {
            value(number);
        }
        return endArray();
    }

    private JsonWriter open(char bracket) throws IOException {
        separate();
        out.append(bracket);
        if (++depth == needsComma.length) {
            needsComma = java.util.Arrays.copyOf(needsComma, depth * 2);
        }
        needsComma[depth] = false;
        return this;
    }

    private JsonWriter close(char bracket) throws IOException {
        depth--;
        out.append(bracket);
        return this;
    }

    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
            needsComma[depth] = true;
            return;
        }
        if (needsComma[depth]) {
            out.append(',');
        }
        needsComma[depth] = true;
    }

    private void string(String text) throws IOException {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
