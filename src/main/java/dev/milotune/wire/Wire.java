package dev.milotune.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Encodes and decodes wire records as JSON; every rule break names the field, value and rule. */
public final class Wire {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Newer producers may add fields; the version field says when the meaning changed.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Wire() {
    }

    public static String encode(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty message, expected a " + type.getSimpleName() + " JSON record");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedMessageException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + " record: " + e.getOriginalMessage(), e);
        }
    }

    static void require(boolean condition, String field, Object value, String rule) {
        if (!condition) {
            throw new MalformedMessageException(field + " is " + value + ", but " + rule);
        }
    }

    static void requireText(String value, String field) {
        require(value != null && !value.isBlank(), field, value == null ? null : "'" + value + "'", "must be non-empty");
        require(value.length() <= MAX_TEXT, field, value.length() + " characters", "must be at most " + MAX_TEXT);
    }

    /** The most epochs a segment may span, and the most items an epoch may see. */
    static final int MAX_EPOCHS = 100_000;
    static final long MAX_ITEMS = 1L << 40;

    static void requireEpochs(int epochFrom, int epochTo) {
        require(epochFrom >= 0, "epochFrom", epochFrom, "must be >= 0");
        require(epochTo > epochFrom && epochTo <= MAX_EPOCHS, "epochTo", epochTo,
                "must be > epochFrom (" + epochFrom + ") and at most " + MAX_EPOCHS);
    }

    /** Longest free text a record field may hold (worker ids, hosts, reasons are cut by their senders). */
    static final int MAX_TEXT = 2_000;

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final java.util.regex.Pattern HEX64 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    /** The one dataset-name rule, the spec's. */
    private static final java.util.regex.Pattern NAME = dev.milotune.study.StudySpec.DatasetSpec.NAME;

    /** Study and trial ids are UUIDs (lower case), so they are safe as path segments. */
    static void requireId(String value, String field) {
        require(value != null && ID.matcher(value).matches(), field, value == null ? null : "'" + abbreviate(value) + "'",
                "must be a lower-case UUID");
    }

    /** Plan ids and content hashes: 64 lower-case hex digits. */
    static void requireHex64(String value, String field) {
        require(value != null && HEX64.matcher(value).matches(), field, value == null ? null : "'" + abbreviate(value) + "'",
                "must be 64 lower-case hex digits");
    }

    /** Dataset names: lower case letters, digits, '.', '_' and '-', at most 100, not starting with a dot. */
    static void requireName(String value, String field) {
        require(value != null && NAME.matcher(value).matches(), field, value == null ? null : "'" + abbreviate(value) + "'",
                "must match " + NAME.pattern());
    }

    static void requireFinite(double value, String field, double low, double high) {
        require(Double.isFinite(value) && value >= low && value <= high, field, value, "must be a finite number in [" + low + ", " + high + "]");
    }

    /** Pool names: the spec's rule (they name topics and consumer groups). */
    static void requirePool(String value) {
        java.util.regex.Pattern pool = dev.milotune.study.StudySpec.WorkerSpec.POOL;
        require(value != null && pool.matcher(value).matches(), "pool", value == null ? null : "'" + abbreviate(value) + "'",
                "must match " + pool.pattern());
    }

    /** What a reported metric may be called: the rule of an objective's metric. */
    static final java.util.regex.Pattern METRIC_NAME = dev.milotune.study.StudySpec.Objective.METRIC;

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
