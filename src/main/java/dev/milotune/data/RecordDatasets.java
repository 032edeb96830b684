package dev.milotune.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Turns records into labelled items: the user's files, and the record-shaped catalogue sets. */
final class RecordDatasets {

    /** Items with labels that are still the raw label strings of the file. */
    record Labelled(Items items, List<String> labels) {
    }

    private RecordDatasets() {
    }

    static Dataset load(UserDatasetSpec spec, SplitSpec split) {
        Labelled train = read(spec, spec.train());
        Optional<Labelled> test = spec.test().map(path -> read(spec, path));
        return assemble(spec.name(), spec.kind(), train, test, split);
    }

    /** Numbers the distinct labels in natural order (numerically when all are integers) and cuts. */
    static Dataset assemble(String name, DatasetKind kind, Labelled train, Optional<Labelled> test, SplitSpec split) {
        Set<String> distinct = new LinkedHashSet<>(train.labels());
        test.ifPresent(t -> distinct.addAll(t.labels()));
        List<String> classNames = new ArrayList<>(new TreeSet<>(distinct));
        if (classNames.stream().allMatch(RecordDatasets::isInteger)) {
            classNames.sort(Comparator.comparingLong(Long::parseLong));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            index.put(classNames.get(i), i);
        }
        int[] trainLabels = train.labels().stream().mapToInt(index::get).toArray();
        return Dataset.cut(name, kind, classNames, train.items(), trainLabels,
                test.map(Labelled::items).orElse(null),
                test.map(t -> t.labels().stream().mapToInt(index::get).toArray()).orElse(null), split);
    }

    /** Texts and labels from records, each text passed through {@code clean}. */
    static Labelled texts(List<RecordReader.RawRecord> records, String source, String textField, String labelField,
            UnaryOperator<String> clean) {
        List<String> texts = new ArrayList<>(records.size());
        List<String> labels = new ArrayList<>(records.size());
        for (RecordReader.RawRecord record : records) {
            texts.add(clean.apply(scalar(record, source, textField, "a text")));
            labels.add(scalar(record, source, labelField, "a label"));
        }
        return new Labelled(new Items.Texts(texts), labels);
    }

    private static Labelled read(UserDatasetSpec spec, Path file) {
        List<RecordReader.RawRecord> records;
        try (InputStream in = Files.newInputStream(file)) {
            records = RecordReader.read(in, file.toString(), spec.format());
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException("dataset " + spec.name() + ": file " + file + " does not exist");
        } catch (IOException e) {
            throw new DataException("dataset " + spec.name() + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new MalformedDataException(file.toString(), "line 1", "expected at least one record, found none");
        }
        return spec.kind() == DatasetKind.TEXT
                ? texts(records, file.toString(), spec.textField().orElseThrow(), spec.labelField(), UnaryOperator.identity())
                : features(records, file.toString(), spec);
    }

    private static Labelled features(List<RecordReader.RawRecord> records, String source, UserDatasetSpec spec) {
        List<String> columns = spec.featureFields().isEmpty()
                ? records.get(0).fields().keySet().stream().filter(f -> !f.equals(spec.labelField())).toList()
                : spec.featureFields();
        if (columns.isEmpty()) {
            throw new MalformedDataException(source, "line " + records.get(0).line(),
                    "expected at least one feature field besides the label '" + spec.labelField() + "', found none");
        }
        float[][] rows = new float[records.size()][columns.size()];
        List<String> labels = new ArrayList<>(records.size());
        for (int r = 0; r < records.size(); r++) {
            RecordReader.RawRecord record = records.get(r);
            for (int c = 0; c < columns.size(); c++) {
                String value = scalar(record, source, columns.get(c), "a number");
                try {
                    rows[r][c] = Float.parseFloat(value.trim());
                } catch (NumberFormatException e) {
                    throw new MalformedDataException(source, "line " + record.line(),
                            "expected a number in field '" + columns.get(c) + "', found '" + value + "'");
                }
            }
            labels.add(scalar(record, source, spec.labelField(), "a label"));
        }
        return new Labelled(new Items.Features(rows, new int[] {columns.size()}), labels);
    }

    private static String scalar(RecordReader.RawRecord record, String source, String field, String expected) {
        JsonNode value = record.fields().get(field);
        if (value == null || value.isNull()) {
            throw new MalformedDataException(source, "line " + record.line(),
                    "expected " + expected + " in field '" + field + "', but the record has no such field (fields: "
                            + record.fields().keySet() + ")");
        }
        if (!value.isValueNode()) {
            throw new MalformedDataException(source, "line " + record.line(),
                    "expected " + expected + " in field '" + field + "', found " + value.getNodeType());
        }
        return value.asText();
    }

    private static boolean isInteger(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
