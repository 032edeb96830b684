package dev.milotune.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads embeddings from CSV (one item per line, values separated by commas or white space, an
 * optional header line) and labels from text (one integer label per line). Errors name the file,
 * the line and the value.
 */
final class TextTables {

    private static final Pattern SEPARATOR = Pattern.compile("[,;\\s]+");

    private TextTables() {
    }

    static float[][] readMatrix(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<float[]> rows = new ArrayList<>();
        int width = -1;
        for (int line = 0; line < lines.size(); line++) {
            String text = lines.get(line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] cells = SEPARATOR.split(text);
            if (line == 0 && !isNumber(cells[0])) {
                continue; // a header
            }
            if (width >= 0 && cells.length != width) {
                throw new IllegalArgumentException(path + ": line " + (line + 1) + " has " + cells.length + " values, but earlier lines have " + width);
            }
            width = cells.length;
            float[] row = new float[cells.length];
            for (int k = 0; k < cells.length; k++) {
                try {
                    row[k] = Float.parseFloat(cells[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(path + ": line " + (line + 1) + ", column " + (k + 1) + " is '" + cells[k] + "', not a number");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(path + ": no embedding rows");
        }
        return rows.toArray(new float[0][]);
    }

    static int[] readLabels(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        int[] labels = new int[last];
        for (int line = 0; line < last; line++) {
            String text = lines.get(line).trim();
            try {
                labels[line] = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ": line " + (line + 1) + " is '" + text + "', not an integer label");
            }
        }
        return labels;
    }

    private static boolean isNumber(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
