package dev.milotune.selection;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Builds a {@link DenseKernel} from one class's embeddings with ND4J (OpenBLAS sgemm).
 *
 * <p>The Gram matrix is computed in row strips: strip [r0, r1) is multiplied only against rows
 * [r0, n), so about half the flops of a full gemm are spent, and the lower triangle is mirrored
 * in Java. Native memory at any moment is the n x d input plus one strip of at most
 * {@link #STRIP_BYTES}; the heap holds the n x n float result. Native arrays are closed before
 * this method returns and never leave it.
 */
final class KernelBuilder {

    /** Upper bound on one strip of the Gram matrix in native memory. */
    static final long STRIP_BYTES = 16L << 20;
    private static final int MIRROR_TILE = 64;

    private KernelBuilder() {
    }

    /**
     * @param rows n x d embeddings, row-major, as given (normalised here unless {@code spec} is
     *     {@link KernelSpec.Dot}); not modified
     */
    static DenseKernel build(float[] rows, int n, int d, KernelSpec spec) {
        if (n < 1 || d < 1 || rows.length != (long) n * d) {
            throw new IllegalArgumentException("kernel input must be n x d with n, d >= 1; got " + rows.length + " values for n=" + n + ", d=" + d);
        }
        if (spec instanceof KernelSpec.Dot) {
            return checkedFinite(new DenseKernel(n, gram(rows, n, d, null), spec));
        }
        DenseKernel kernel = cosine(normalisedRows(rows, n, d), n, d, null);
        if (spec instanceof KernelSpec.ShiftedCosine || spec instanceof KernelSpec.MinMaxCosine) {
            kernel.rescale(spec);
        } else if (spec instanceof KernelSpec.Rbf rbf) {
            double twoGamma = 2 * rbf.gamma();
            float[] g = kernel.values;
            for (int k = 0; k < g.length; k++) {
                // ‖x̂ - ŷ‖² = 2 - 2c; clamp the rounding that can push c above 1.
                g[k] = (float) Math.exp(-twoGamma * Math.max(0.0, 1.0 - g[k]));
            }
            kernel = new DenseKernel(n, g, spec);
        }
        return checkedFinite(kernel);
    }

    /**
     * The cosine kernel C = Ê Êᵀ of rows that are already L2-normalised.
     *
     * @param buffer an array of at least n * n floats to write the kernel into (reused across
     *     classes to spare the allocation), or null for a new one
     */
    static DenseKernel cosine(float[] unitRows, int n, int d, float[] buffer) {
        return new DenseKernel(n, gram(unitRows, n, d, buffer), new KernelSpec.Cosine());
    }

    /** Loads the native backend, so that its start-up is not timed as kernel work. */
    static void loadBackend() {
        INDArray probe = Nd4j.createUninitialized(DataType.FLOAT, 1, 1);
        probe.close();
    }

    private static DenseKernel checkedFinite(DenseKernel kernel) {
        if (!kernel.finite()) {
            throw new IllegalArgumentException("the " + kernel.spec().describe() + " kernel has non-finite entries (embedding values too large?)");
        }
        return kernel;
    }

    /** Rows of unit L2 norm; norms are computed in double. */
    static float[] normalisedRows(float[] rows, int n, int d) {
        float[] out = new float[rows.length];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            double sq = 0;
            for (int k = 0; k < d; k++) {
                sq += (double) rows[off + k] * rows[off + k];
            }
            if (!(sq > 0) || Double.isInfinite(sq)) {
                throw new IllegalArgumentException("row " + i + " has norm " + Math.sqrt(sq) + " and cannot be L2-normalised");
            }
            double inv = 1 / Math.sqrt(sq);
            for (int k = 0; k < d; k++) {
                out[off + k] = (float) (rows[off + k] * inv);
            }
        }
        return out;
    }

    /** Strip rows so that one strip stays under {@link #STRIP_BYTES}. */
    static int stripRows(int n) {
        long rows = STRIP_BYTES / (4L * n);
        return (int) Math.max(1, Math.min(n, rows));
    }

    private static float[] gram(float[] prepared, int n, int d, float[] buffer) {
        return gram(prepared, n, d, buffer, stripRows(n));
    }

    /** The Gram matrix in strips of {@code strip} rows (tests use small strips to cover the seams). */
    static float[] gram(float[] prepared, int n, int d, float[] buffer, int strip) {
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense kernel of " + n + " items does not fit one array; partition the class (at most 46,340 items)");
        }
        float[] out = buffer != null && buffer.length >= n * n ? buffer : new float[n * n];
        INDArray all = Nd4j.create(prepared, new long[] {n, d}, DataType.FLOAT);
        // One native strip buffer for all strips; each strip's output is a contiguous c-order view of its head.
        INDArray stripBuffer = Nd4j.createUninitialized(DataType.FLOAT, (long) strip * n);
        try {
            FloatBuffer stripValues = stripBuffer.data().asNioFloat();
            for (int r0 = 0; r0 < n; r0 += strip) {
                int r1 = Math.min(n, r0 + strip);
                int width = n - r0;
                // Views share their parent's buffer: only the parents are closed.
                INDArray a = all.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all());
                INDArray b = all.get(NDArrayIndex.interval(r0, n), NDArrayIndex.all());
                INDArray c = stripBuffer.get(NDArrayIndex.interval(0, (long) (r1 - r0) * width)).reshape('c', r1 - r0, width);
                Nd4j.gemm(a, b, c, false, true, 1.0, 0.0);
                for (int i = r0; i < r1; i++) {
                    stripValues.position((i - r0) * width);
                    stripValues.get(out, i * n + r0, width);
                }
            }
        } finally {
            stripBuffer.close();
            all.close();
        }
        mirrorUpperToLower(out, n);
        return out;
    }

    private static void mirrorUpperToLower(float[] m, int n) {
        for (int ib = 0; ib < n; ib += MIRROR_TILE) {
            int ie = Math.min(n, ib + MIRROR_TILE);
            for (int jb = 0; jb <= ib; jb += MIRROR_TILE) {
                int je = Math.min(n, jb + MIRROR_TILE);
                for (int i = ib; i < ie; i++) {
                    int end = Math.min(je, i);
                    for (int j = jb; j < end; j++) {
                        m[i * n + j] = m[j * n + i];
                    }
                }
            }
        }
    }
}
