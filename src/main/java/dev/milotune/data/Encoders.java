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
