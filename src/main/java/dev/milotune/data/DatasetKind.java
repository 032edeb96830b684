package dev.milotune.data;

/** What a dataset's items are, which decides the encoders and models that fit it. */
public enum DatasetKind {
    /** Fixed-size images as float pixel rows in [0, 1], row-major, with a shape such as 1x28x28. */
    IMAGE,
    /** Free text, one string an item. */
    TEXT,
    /** Numeric feature rows of a fixed width. */
    TABULAR
}
