package dev.milotune.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Locale;

/** Training items in the form a network reads; {@link DeviceSplit} places them on the training device. */
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
            return manager.create(buffer, DeviceSplit.batchShape(indices.length, itemShape));
        }

        /** Every row as one native array on {@code manager}, copied over in chunks of rows. */
        NDArray onDevice(NDManager manager) {
            int chunk = 8192;
            if (rows.length <= chunk) {
                return batch(manager, range(0, rows.length));
            }
            java.util.List<NDArray> parts = new java.util.ArrayList<>();
            try (NDManager staging = manager.newSubManager()) {
                for (int from = 0; from < rows.length; from += chunk) {
                    parts.add(batch(staging, range(from, Math.min(rows.length, from + chunk))));
                }
                NDArray all = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts));
                all.attach(manager);
                return all;
            }
        }

        private static int[] range(int from, int to) {
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            return indices;
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
            return manager.create(buffer, DeviceSplit.batchShape(indices.length, itemShape()));
        }
    }
}
