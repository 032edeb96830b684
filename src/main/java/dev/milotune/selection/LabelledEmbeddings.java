package dev.milotune.selection;

import java.util.Arrays;

/**
 * Validated input of a selection: N x d finite embeddings and N labels, grouped by class.
 * Every error names the offending value and where it is.
 *
 * @param classes distinct labels, ascending
 * @param members per class, its dataset indices ascending
 */
record LabelledEmbeddings(float[][] rows, int dimension, int[] classes, int[][] members) {

    int numItems() {
        return rows.length;
    }

    int[] classSizes() {
        return Arrays.stream(members).mapToInt(m -> m.length).toArray();
    }

    /**
     * @param numClasses 0, or K: labels must then be 0 .. K-1 and every class must have items
     * @param normalised whether the kernel will L2-normalise the rows (then a zero row is an error)
     */
    static LabelledEmbeddings validate(float[][] embeddings, int[] labels, int numClasses, boolean normalised) {
        if (embeddings == null || embeddings.length == 0) {
            throw new IllegalArgumentException("embeddings are empty: no rows");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels are missing");
        }
        if (labels.length != embeddings.length) {
            throw new IllegalArgumentException("there are " + embeddings.length + " embedding rows but " + labels.length + " labels");
        }
        int d = embeddings[0] == null ? 0 : embeddings[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("embeddings row 0 is empty: dimension 0");
        }
        for (int i = 0; i < embeddings.length; i++) {
            float[] row = embeddings[i];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException("embeddings row " + i + " has " + (row == null ? 0 : row.length)
                        + " values, but row 0 has " + d);
            }
            double squares = 0;
            for (int k = 0; k < d; k++) {
                float v = row[k];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("embeddings row " + i + ", column " + k + " is " + v);
                }
                squares += (double) v * v;
            }
            if (normalised && squares == 0) {
                throw new IllegalArgumentException("embeddings row " + i + " is all zeros and cannot be L2-normalised");
            }
        }
        int[] classes = numClasses > 0 ? declaredClasses(labels, numClasses) : Arrays.stream(labels).distinct().sorted().toArray();
        int[] counts = new int[classes.length];
        int[] position = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            position[i] = Arrays.binarySearch(classes, labels[i]);
            counts[position[i]]++;
        }
        int[][] members = new int[classes.length][];
        for (int c = 0; c < classes.length; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + classes[c] + " has no items (" + numClasses + " classes declared, labels 0.."
                        + (numClasses - 1) + ")");
            }
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[classes.length];
        for (int i = 0; i < labels.length; i++) {
            members[position[i]][fill[position[i]]++] = i;
        }
        return new LabelledEmbeddings(embeddings, d, classes, members);
    }

    private static int[] declaredClasses(int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside 0.." + (numClasses - 1)
                        + " (" + numClasses + " classes declared)");
            }
        }
        int[] classes = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            classes[c] = c;
        }
        return classes;
    }

    /** The rows of {@code items}, flattened row-major (n x d). */
    float[] gather(int[] items) {
        float[] flat = new float[items.length * dimension];
        for (int i = 0; i < items.length; i++) {
            System.arraycopy(rows[items[i]], 0, flat, i * dimension, dimension);
        }
        return flat;
    }
}
