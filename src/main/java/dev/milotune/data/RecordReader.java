package dev.milotune.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads records (flat field maps) from JSON, JSON Lines or CSV, gzipped or not. Every record knows
 * where it started, so that later checks (a missing field, a non-numeric feature) can name the
 * line. Values are strings, or for JSON numbers and booleans as Jackson parsed them.
 */
final class RecordReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record and the line it starts on. */
    record RawRecord(int line, Map<String, JsonNode> fields) {
    }

    private RecordReader() {
    }

    static List<RawRecord> read(InputStream in, String source, FileFormat format) throws IOException {
        try (Reader reader = new InputStreamReader(maybeGunzip(in), StandardCharsets.UTF_8)) {
            return switch (format) {
                case JSON -> jsonArray(reader, source);
                case JSONL -> jsonLines(reader, source);
                case CSV -> csv(reader, source);
            };
        }
    }

    private static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    private static List<RawRecord> jsonArray(Reader reader, String source) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw malformed(source, parser.currentTokenLocation(),
                        "expected a JSON array of objects ('['), found " + describe(first));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw malformed(source, parser.currentLocation(), "file is truncated: the JSON array is not closed");
                }
                JsonLocation start = parser.currentTokenLocation();
                if (token != JsonToken.START_OBJECT) {
                    throw malformed(source, start, "expected a JSON object for record " + records.size()
                            + ", found " + describe(token));
                }
                JsonNode node = JSON.readTree(parser);
                records.add(new RawRecord(start.getLineNr(), fields(node)));
            }
        } catch (JsonEOFException e) {
            throw malformed(source, e.getLocation(), "file is truncated: expected the JSON array to be closed with ']'"
                    + " after record " + records.size() + ", but the data ended", e);
        } catch (JsonProcessingException e) {
            throw malformed(source, e.getLocation(), "invalid JSON: " + e.getOriginalMessage(), e);
        }
        return records;
    }

    private static List<RawRecord> jsonLines(Reader reader, String source) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader, 1 << 16);
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String column = at == null ? "" : ", column " + at.getColumnNr();
                throw new MalformedDataException(source, "line " + lineNumber + column,
                        "expected one JSON object a line: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new MalformedDataException(source, "line " + lineNumber,
                        "expected one JSON object a line, found " + (node == null ? "nothing" : node.getNodeType()));
            }
            records.add(new RawRecord(lineNumber, fields(node)));
        }
        return records;
    }

    private static List<RawRecord> csv(Reader reader, String source) throws IOException {
        CsvRows rows = new CsvRows(reader, source);
        List<String> header = rows.next();
        if (header == null) {
            throw new MalformedDataException(source, "line 1", "expected a header row naming the columns, found an empty file");
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        List<RawRecord> records = new ArrayList<>();
        for (List<String> row = rows.next(); row != null; row = rows.next()) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            if (row.size() != header.size()) {
                throw new MalformedDataException(source, "line " + rows.recordLine,
                        "expected " + header.size() + " fields as in the header, found " + row.size());
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), JSON.getNodeFactory().textNode(row.get(i)));
            }
            records.add(new RawRecord(rows.recordLine, fields));
        }
        return records;
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue()));
        return fields;
    }

    private static String describe(JsonToken token) {
        return token == null ? "the end of the file" : "'" + token.asString() + "' (" + token + ")";
    }

    private static MalformedDataException malformed(String source, JsonLocation at, String problem) {
        return malformed(source, at, problem, null);
    }

    private static MalformedDataException malformed(String source, JsonLocation at, String problem, Throwable cause) {
        String location = at == null ? "unknown position" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new MalformedDataException(source, location, problem, cause);
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    private static final class CsvRows {
        private final Reader in;
        private final String source;
        private int line = 1;
        private int recordLine;
        private int pending = -2;

        CsvRows(Reader in, String source) {
            this.in = new BufferedReader(in, 1 << 16);
            this.source = source;
        }

        List<String> next() throws IOException {
            int c = read();
            if (c < 0) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStarted = false;
            while (true) {
                if (quoted) {
                    if (c < 0) {
                        throw new MalformedDataException(source, "line " + recordLine,
                                "file is truncated: a quoted field opened here is never closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c < 0 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            pending = after;
                        }
                    }
                    if (c >= 0) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                } else if (c == '"' && !fieldStarted && field.length() == 0) {
                    quoted = true;
                    fieldStarted = true;
                } else if (c == '"') {
                    throw new MalformedDataException(source, "line " + line,
                            "expected a quote only at the start of a field (or doubled inside a quoted one), found one inside field "
                                    + (fields.size() + 1));
                } else {
                    fieldStarted = true;
                    field.append((char) c);
                }
                c = read();
            }
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return in.read();
        }
    }
}
