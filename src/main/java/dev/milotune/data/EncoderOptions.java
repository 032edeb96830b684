package dev.milotune.data;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Encoders} builds encoders.
 *
 * @param dataDir where model copies and DJL caches live
 * @param batchSize items an inference call
 * @param threads intra-op threads of ONNX Runtime
 * @param maxTokens MiniLM truncates texts to this many tokens (sentence-transformers uses 256)
 * @param imageEncoder the built-in image encoder, when no image model is given
 * @param imageModel the user's own image model, which wins over the built-in one
 * @param pcaComponents output size of {@link ImageEncoderChoice#PIXEL_PCA}
 * @param seed seeds the training of {@link ImageEncoderChoice#MNIST_CNN}
 */
public record EncoderOptions(DataDirectory dataDir, int batchSize, int threads, int maxTokens,
        ImageEncoderChoice imageEncoder, Optional<ImageModelSpec> imageModel, int pcaComponents, long seed) {

    public EncoderOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(imageEncoder, "imageEncoder");
        Objects.requireNonNull(imageModel, "imageModel");
        requirePositive("batchSize", batchSize);
        requirePositive("threads", threads);
        requirePositive("maxTokens", maxTokens);
        requirePositive("pcaComponents", pcaComponents);
    }

    /** Batch 64, all cores, 256 tokens, PCA-128 for images, seed 0. */
    public static EncoderOptions defaults(DataDirectory dataDir) {
        return new EncoderOptions(dataDir, 64, Runtime.getRuntime().availableProcessors(), 256,
                ImageEncoderChoice.PIXEL_PCA, Optional.empty(), 128, 0L);
    }

    public EncoderOptions withImageEncoder(ImageEncoderChoice choice) {
        return new EncoderOptions(dataDir, batchSize, threads, maxTokens, choice, imageModel, pcaComponents, seed);
    }

    public EncoderOptions withImageModel(ImageModelSpec model) {
        return new EncoderOptions(dataDir, batchSize, threads, maxTokens, imageEncoder, Optional.of(model), pcaComponents, seed);
    }

    public EncoderOptions withBatchSize(int newBatchSize) {
        return new EncoderOptions(dataDir, newBatchSize, threads, maxTokens, imageEncoder, imageModel, pcaComponents, seed);
    }

    public EncoderOptions withMaxTokens(int newMaxTokens) {
        return new EncoderOptions(dataDir, batchSize, threads, newMaxTokens, imageEncoder, imageModel, pcaComponents, seed);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " is " + value + ", but must be >= 1");
        }
    }
}
