package dev.milotune.data;

/** The feature rows themselves: the baseline for images, the default for tabular data. */
final class RawFeaturesEncoder implements Encoder {

    static final String ID = "raw-features";

    private final DatasetKind kind;
    private final int width;

    RawFeaturesEncoder(DatasetKind kind, int width) {
        this.kind = kind;
        this.width = width;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public int dimension() {
        return width;
    }

    @Override
    public DatasetKind accepts() {
        return kind;
    }

    @Override
    public float[][] embed(Items items, ProgressListener progress) {
        if (!(items instanceof Items.Features features) || features.width() != width) {
            throw new IllegalArgumentException(ID + " passes rows of " + width + " values through; it was given "
                    + (items instanceof Items.Features f ? "rows of " + f.width() : "texts"));
        }
        float[][] copy = new float[features.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = features.rows()[i].clone();
        }
        progress.progress(copy.length, copy.length, Double.POSITIVE_INFINITY);
        return copy;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
