package dev.milotune.data;

/**
 * The built-in image encoders, for when the user brings no model. Measured on Fashion-MNIST by
 * kNN validation accuracy (docs/data.md); {@link #PIXEL_PCA} won and is the default.
 */
public enum ImageEncoderChoice {
    /** Top principal components of the pixels, fitted on the dataset's own train split. */
    PIXEL_PCA,
    /** The penultimate layer of a small CNN trained with DJL on MNIST (a different dataset). */
    MNIST_CNN,
    /** The 784 pixels themselves: the baseline. */
    RAW_PIXELS
}
