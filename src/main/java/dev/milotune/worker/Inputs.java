package dev.milotune.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;

/** Training items in the form a network reads, assembled batch by batch into native arrays. */
sealed interface Inputs permits Inputs.Rows, Inputs.TokenBags {

    int size();

    /** Shape of one item as the network sees it. */
    int[] itemShape();

    /** The items at {@code indices} as one batch array attached to {@code manager}. */
    NDArray batch(NDManager manager, int[] indices);

    /** Feature rows (flattened images, tabular rows, frozen embeddings), reshaped per item. */
    record Rows(float[][] rows, int[] itemShape) implements Inputs {
        @Override
        public int size() {
            return rows.length;
        }

        @Override
        public NDArray batch(NDManager manager, int[] indices) {
            int width = rows.length == 0 ? 0 : rows[0].length;
            float[] buffer = new float[indices.length * width];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(rows[indices[i]], 0, buffer, i * width, width);
            }
            long[] shape = new long[itemShape.length + 1];
            shape[0] = indices.length;
            for (int d = 0; d < itemShape.length; d++) {
                shape[d + 1] = itemShape[d];
            }
            return manager.create(buffer, new Shape(shape));
        }
    }

    /**
     * Texts as hashed token ids (lower-cased runs of letters and digits, hashed into
     * {@code vocabSize} buckets, at most {@code maxTokens} per text); a batch is each text's
     * normalised bag of tokens, which a linear layer turns into the mean of the token embeddings.
     */
    record TokenBags(int[][] tokens, int vocabSize) implements Inputs {

        static TokenBags of(List<String> texts, int vocabSize, int maxTokens) {
            int[][] tokens = new int[texts.size()][];
            for (int i = 0; i < tokens.length; i++) {
                String[] words = texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
                int[] ids = new int[Math.min(maxTokens, words.length)];
                int n = 0;
                for (String w : words) {
                    if (!w.isEmpty() && n < ids.length) {
                        ids[n++] = Math.floorMod(w.hashCode(), vocabSize);
                    }
                }
                tokens[i] = java.util.Arrays.copyOf(ids, n);
            }
            return new TokenBags(tokens, vocabSize);
        }

        @Override
        public int size() {
            return tokens.length;
        }

        @Override
        public int[] itemShape() {
            return new int[] {vocabSize};
        }

        @Override
        public NDArray batch(NDManager manager, int[] indices) {
            float[] buffer = new float[indices.length * vocabSize];
            for (int i = 0; i < indices.length; i++) {
                int[] ids = tokens[indices[i]];
                float weight = ids.length == 0 ? 0f : 1f / ids.length;
                for (int id : ids) {
                    buffer[i * vocabSize + id] += weight;
                }
            }
            return manager.create(buffer, new Shape(indices.length, vocabSize));
        }
    }
}
