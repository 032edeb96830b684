package dev.milotune.data;

/**
 * A frozen encoder: maps items to fixed-size embeddings for subset selection. Its {@link #id()}
 * and {@link #version()} go into plan provenance and key the embedding cache, so two encoders that
 * could give different vectors must differ in one of them.
 *
 * <p>Implementations hold native resources (DJL models, ND4J buffers); close them.
 */
public interface Encoder extends AutoCloseable {

    /** What the encoder is, e.g. "all-minilm-l6-v2" or "pixel-pca". */
    String id();

    /** Everything else its vectors depend on: weights' hash, pooling, fitted data, ... */
    String version();

    /** Length of every embedding. */
    int dimension();

    /** The kind of items it takes. */
    DatasetKind accepts();

    /**
     * Embeds the items, one row each, in order.
     *
     * @throws IllegalArgumentException if the items are not of the kind it accepts
     */
    float[][] embed(Items items, ProgressListener progress);

    default float[][] embed(Items items) {
        return embed(items, ProgressListener.none());
    }

    @Override
    void close();
}
