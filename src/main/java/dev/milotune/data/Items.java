package dev.milotune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The items of a split, without their labels: numeric rows (images, tabular features) or texts.
 *
 * <p>Arrays are shared, not copied: a Fashion-MNIST train split is 200 MB of floats. Callers must
 * not write into them.
 */
public sealed interface Items permits Items.Features, Items.Texts {

    int size();

    /** The items at the given positions, in that order. */
    Items select(int[] indices);

    /** Rows of {@code product(shape)} floats; an image of shape [1, 28, 28] is 784 floats, row-major. */
    record Features(float[][] rows, int[] shape) implements Items {

        public Features {
            Objects.requireNonNull(rows, "rows");
            shape = shape.clone();
            int width = 1;
            for (int dimension : shape) {
                if (dimension <= 0) {
                    throw new IllegalArgumentException("shape is " + Arrays.toString(shape) + ", but every dimension must be > 0");
                }
                width *= dimension;
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != width) {
                    throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                            + " values, but shape " + Arrays.toString(shape) + " needs " + width);
                }
            }
        }

        /** The number of floats in one row. */
        public int width() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public int size() {
            return rows.length;
        }

        @Override
        public Features select(int[] indices) {
            float[][] selected = new float[indices.length][];
            for (int i = 0; i < indices.length; i++) {
                selected[i] = rows[indices[i]];
            }
            return new Features(selected, shape);
        }
    }

    /** One string an item. */
    record Texts(List<String> texts) implements Items {

        public Texts {
            texts = List.copyOf(texts);
        }

        @Override
        public int size() {
            return texts.size();
        }

        @Override
        public Texts select(int[] indices) {
            List<String> selected = new ArrayList<>(indices.length);
            for (int index : indices) {
                selected.add(texts.get(index));
            }
            return new Texts(selected);
        }
    }
}
