package dev.milotune.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset the user brings as files: JSON, JSON Lines or CSV records, each with a label field and
 * either a text field (TEXT) or numeric feature fields (TABULAR). Labels may be strings or
 * integers; the class names are their distinct values in natural order (numeric where all are
 * integers). A test file is optional: without one, test is carved out of the train file.
 *
 * @param name how reports and the catalogue call it
 * @param kind TEXT or TABULAR
 * @param format the format of both files
 * @param train the file of training items (validation is carved out of it)
 * @param test the file of test items, if the data has an official test split
 * @param labelField the field holding the label
 * @param textField the field holding the text (TEXT only)
 * @param featureFields the numeric fields, in order (TABULAR only); empty means every field but the label
 */
public record UserDatasetSpec(String name, DatasetKind kind, FileFormat format, Path train, Optional<Path> test,
        String labelField, Optional<String> textField, List<String> featureFields) {

    public UserDatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(labelField, "labelField");
        Objects.requireNonNull(textField, "textField");
        featureFields = List.copyOf(featureFields);
        if (kind == DatasetKind.IMAGE) {
            throw new IllegalArgumentException("kind is IMAGE, but user files hold TEXT or TABULAR data;"
                    + " images come from the catalogue (IDX)");
        }
        if (kind == DatasetKind.TEXT && textField.isEmpty()) {
            throw new IllegalArgumentException("kind is TEXT, but textField is empty; name the field holding the text");
        }
    }

    /** Text records, format taken from the train file's extension. */
    public static UserDatasetSpec text(String name, Path train, Optional<Path> test, String textField, String labelField) {
        return new UserDatasetSpec(name, DatasetKind.TEXT, FileFormat.of(train), train, test, labelField,
                Optional.of(textField), List.of());
    }

    /** Tabular records, format taken from the train file's extension; no feature fields means all but the label. */
    public static UserDatasetSpec tabular(String name, Path train, Optional<Path> test, String labelField,
            List<String> featureFields) {
        return new UserDatasetSpec(name, DatasetKind.TABULAR, FileFormat.of(train), train, test, labelField,
                Optional.empty(), featureFields);
    }
}
