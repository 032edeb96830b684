package dev.milotune.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Principal components of the raw feature rows (Pearson 1901; Hotelling 1933), fitted on one
 * split: centre by the split's mean, project onto the top-k eigenvectors of its covariance. The
 * fitted data's content hash is part of the version, since the projection depends on it. Each
 * eigenvector's sign is fixed (largest component positive) so that a refit gives the same vectors.
 * The fit runs on the first {@link #embed}: id, version and dimension are known without it, so an
 * embedding-cache hit (every plan after the first on a dataset) never pays it (about 2 s for
 * Fashion-MNIST's 54,000 x 784 on 2 cores).
 */
final class PixelPcaEncoder implements Encoder {

    static final String ID = "pixel-pca";
    private static final int BATCH = 4096;
    private static final System.Logger LOG = System.getLogger(PixelPcaEncoder.class.getName());

    private final float[][] fitRows;
    private final int components;
    private final String fittedOn;
    private Fit fit;

    /** The projection: the fitted rows' mean, and the top-k eigenvectors as a width x k matrix, row-major. */
    private record Fit(float[] mean, float[][] basis) {
    }

    private PixelPcaEncoder(float[][] fitRows, int components, String fittedOn) {
        this.fitRows = fitRows;
        this.components = components;
        this.fittedOn = fittedOn;
    }

    /**
     * @param rows the rows to fit on (a dataset's train split), on the first {@link #embed}
     * @param fittedOn what they are, for the version: dataset content hash and split
     */
    static PixelPcaEncoder fit(float[][] rows, int components, String fittedOn) {
        int width = rows[0].length;
        if (components < 1 || components > width) {
            throw new IllegalArgumentException("components is " + components + ", but must be in [1, " + width + "]");
        }
        return new PixelPcaEncoder(rows, components, fittedOn);
    }

    private synchronized Fit fitted() {
        if (fit == null) {
            long start = System.nanoTime();
            fit = fitNow(fitRows, components);
            LOG.log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT, "pixel-pca k%d fitted on %d x %d (%s) in %.1f s",
                    components, fitRows.length, fitRows[0].length, fittedOn, (System.nanoTime() - start) / 1e9));
        }
        return fit;
    }

    /** Whether the projection has been fitted (by an {@link #embed}). */
    synchronized boolean fittedYet() {
        return fit != null;
    }

    private static Fit fitNow(float[][] rows, int components) {
        int width = rows[0].length;
        INDArray x = Nd4j.create(rows);
        INDArray mean = x.mean(0);
        x.subiRowVector(mean);
        INDArray covariance = x.transpose().mmul(x).divi(rows.length - 1).castTo(DataType.DOUBLE);
        // Eigenvalues come back ascending; the covariance matrix is overwritten with the eigenvectors (columns).
        Eigen.symmetricGeneralizedEigenvalues(covariance, true);
        double[][] vectors = covariance.toDoubleMatrix();
        float[][] basis = new float[width][components];
        for (int c = 0; c < components; c++) {
            int column = width - 1 - c;
            int largest = 0;
            for (int i = 1; i < width; i++) {
                if (Math.abs(vectors[i][column]) > Math.abs(vectors[largest][column])) {
                    largest = i;
                }
            }
            double sign = Math.signum(vectors[largest][column]) < 0 ? -1 : 1;
            for (int i = 0; i < width; i++) {
                basis[i][c] = (float) (sign * vectors[i][column]);
            }
        }
        return new Fit(mean.toFloatVector(), basis);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "k" + components + ".fit-" + fittedOn;
    }

    @Override
    public int dimension() {
        return components;
    }

    @Override
    public DatasetKind accepts() {
        return DatasetKind.IMAGE;
    }

    @Override
    public float[][] embed(Items items, ProgressListener progress) {
        int width = fitRows[0].length;
        if (!(items instanceof Items.Features features) || features.width() != width) {
            throw new IllegalArgumentException(ID + " was fitted on rows of " + width + " values; it cannot embed "
                    + (items instanceof Items.Features f ? "rows of " + f.width() : "texts"));
        }
        Fit projectionFit = fitted();
        float[][] rows = features.rows();
        float[][] out = new float[rows.length][];
        INDArray meanRow = Nd4j.create(projectionFit.mean(), 1, width);
        INDArray projection = Nd4j.create(projectionFit.basis());
        ProgressMeter meter = new ProgressMeter(ID + " embedding", rows.length, progress);
        for (int from = 0; from < rows.length; from += BATCH) {
            int to = Math.min(rows.length, from + BATCH);
            float[][] batch = Arrays.copyOfRange(rows, from, to);
            float[][] projected = Nd4j.create(batch).subiRowVector(meanRow).mmul(projection).toFloatMatrix();
            System.arraycopy(projected, 0, out, from, projected.length);
            meter.advance(to - from);
        }
        return out;
    }

    @Override
    public void close() {
        // Plain Java arrays only (the fitted rows are the dataset's own); ND4J buffers of embed() are garbage-collected.
    }
}
