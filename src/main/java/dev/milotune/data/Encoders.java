package dev.milotune.data;

import java.util.Locale;

/** Builds the encoders; {@link #forDataset} picks the default one for a dataset's kind. */
public final class Encoders {

    private Encoders() {
    }

    /**
     * The encoder for a dataset: MiniLM for text; for images the user's model if the options name
     * one, else the chosen built-in encoder (PCA of pixels by default, fitted on the dataset's train
     * split); for tabular data the feature rows themselves.
     */
    public static Encoder forDataset(Dataset dataset, EncoderOptions options) {
        return switch (dataset.kind()) {
            case TEXT -> text(options);
            case TABULAR -> new RawFeaturesEncoder(DatasetKind.TABULAR, dataset.train().features()[0].length);
            case IMAGE -> options.imageModel().isPresent()
                    ? imageModel(options.imageModel().get(), options)
                    : builtInImage(dataset, options);
        };
    }

    /** Encoder names a study may give: {@code default} picks by the dataset's kind. */
    public static final java.util.List<String> NAMES = java.util.List.of("default", "minilm", "pixel-pca", "raw-pixels", "mnist-cnn");

    /**
     * The encoder a study names: {@code default} (as {@link #forDataset}), {@code minilm} (text),
     * {@code pixel-pca}, {@code raw-pixels} or {@code mnist-cnn} (images).
     */
    public static Encoder named(String name, Dataset dataset, EncoderOptions options) {
        return switch (name) {
            case "default" -> forDataset(dataset, options);
            case "minilm" -> text(options);
            case "pixel-pca" -> builtInImage(dataset, options.withImageEncoder(ImageEncoderChoice.PIXEL_PCA));
            case "raw-pixels" -> builtInImage(dataset, options.withImageEncoder(ImageEncoderChoice.RAW_PIXELS));
            case "mnist-cnn" -> builtInImage(dataset, options.withImageEncoder(ImageEncoderChoice.MNIST_CNN));
            default -> throw new IllegalArgumentException("encoder is '" + name + "', but must be one of " + NAMES);
        };
    }

    /** all-MiniLM-L6-v2 through DJL's ONNX Runtime engine; 384 dimensions, L2-normalised. */
    public static Encoder text(EncoderOptions options) {
        return MiniLmEncoder.open(options.dataDir(), options.batchSize(), options.maxTokens(), options.threads());
    }

    /** A user-supplied ONNX or TorchScript image model. */
    public static Encoder imageModel(ImageModelSpec model, EncoderOptions options) {
        return DjlModelEncoder.open(model, options.dataDir(), options.batchSize(), options.threads());
    }

    /** PCA of the pixels (or features), fitted on the dataset's train split. */
    public static Encoder pixelPca(Dataset dataset, int components) {
        return PixelPcaEncoder.fit(dataset.train().features(), components,
                dataset.contentHash().substring(0, 16) + "-" + SplitRole.TRAIN.name().toLowerCase(Locale.ROOT));
    }

    private static Encoder builtInImage(Dataset dataset, EncoderOptions options) {
        return switch (options.imageEncoder()) {
            case PIXEL_PCA -> pixelPca(dataset, options.pcaComponents());
            case RAW_PIXELS -> new RawFeaturesEncoder(DatasetKind.IMAGE, dataset.train().features()[0].length);
            case MNIST_CNN -> MnistCnnEncoder.pretrained(Datasets.load("mnist", options.dataDir(), SplitSpec.defaults()),
                    options);
        };
    }
}
