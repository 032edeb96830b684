package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class KernelBuilderTest {

    static final int N = 50;
    static final int D = 7;
    static final float[][] ROWS = SyntheticEmbeddings.clustered(5, N, D, 3, 0.7);

    @Test
    void stripsCoverTheWholeSymmetricGramMatrix() {
        float[] unit = KernelBuilder.normalisedRows(SyntheticEmbeddings.flatten(ROWS), N, D);
        for (int strip : new int[] {1, 7, 49, 50}) {
            float[] gram = KernelBuilder.gram(unit, N, D, null, strip);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    assertThat(gram[i * N + j]).as("strip %d at (%d, %d)", strip, i, j).isCloseTo((float) naiveCosine(i, j), within(1e-5f));
                    assertThat(gram[i * N + j]).isEqualTo(gram[j * N + i]);
                }
            }
        }
    }

    @Test
    void everyKernelKindMatchesItsDefinition() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                lo = Math.min(lo, naiveCosine(i, j));
                hi = Math.max(hi, naiveCosine(i, j));
            }
        }
        double min = lo;
        double range = hi - lo;
        assertKernel(new KernelSpec.Cosine(), (i, j) -> naiveCosine((int) i, (int) j));
        assertKernel(new KernelSpec.ShiftedCosine(), (i, j) -> (1 + naiveCosine((int) i, (int) j)) / 2);
        assertKernel(new KernelSpec.MinMaxCosine(), (i, j) -> (naiveCosine((int) i, (int) j) - min) / range);
        assertKernel(new KernelSpec.Rbf(0.7), (i, j) -> Math.exp(-0.7 * squaredDistanceOfUnitRows((int) i, (int) j)));
        assertKernel(new KernelSpec.Dot(), (i, j) -> dot(ROWS[(int) i], ROWS[(int) j]));
    }

    @Test
    void rescalingTheShiftedKernelGivesTheDisparityKernel() {
        DenseKernel direct = KernelBuilder.build(SyntheticEmbeddings.flatten(ROWS), N, D, new KernelSpec.MinMaxCosine());
        DenseKernel viaShifted = KernelBuilder.build(SyntheticEmbeddings.flatten(ROWS), N, D, new KernelSpec.ShiftedCosine());
        viaShifted.rescale(new KernelSpec.MinMaxCosine());
        for (int k = 0; k < N * N; k++) {
            assertThat(viaShifted.values[k]).isCloseTo(direct.values[k], within(1e-6f));
        }
        assertThat(direct.nonNegative()).isTrue();
        assertThat(direct.atMostOne()).isTrue();
        DenseKernel shifted = KernelBuilder.build(SyntheticEmbeddings.flatten(ROWS), N, D, new KernelSpec.ShiftedCosine());
        direct.rescale(new KernelSpec.ShiftedCosine());
        for (int k = 0; k < N * N; k++) {
            assertThat(direct.values[k]).as("back from the disparity kernel").isCloseTo(shifted.values[k], within(1e-6f));
        }
        DenseKernel rbf = KernelBuilder.build(SyntheticEmbeddings.flatten(ROWS), N, D, new KernelSpec.Rbf(1.0));
        assertThatThrownBy(() -> rbf.rescale(new KernelSpec.MinMaxCosine())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReusedBufferLargerThanTheKernelIsFine() {
        float[] unit = KernelBuilder.normalisedRows(SyntheticEmbeddings.flatten(ROWS), N, D);
        float[] buffer = new float[60 * 60];
        java.util.Arrays.fill(buffer, Float.NaN);
        DenseKernel kernel = KernelBuilder.cosine(unit, N, D, buffer);
        assertThat(kernel.values).isSameAs(buffer);
        assertThat(kernel.finite()).as("entries beyond n * n are ignored").isTrue();
        assertThat(kernel.get(3, 4)).isCloseTo((float) naiveCosine(3, 4), within(1e-5f));
    }

    @Test
    void aZeroRowCannotBeNormalised() {
        float[] rows = new float[3 * 2];
        rows[0] = 1;
        rows[5] = 1;
        assertThatThrownBy(() -> KernelBuilder.build(rows, 3, 2, new KernelSpec.Cosine()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has norm 0.0");
    }

    private static void assertKernel(KernelSpec spec, DoubleBinaryOperator expected) {
        DenseKernel kernel = KernelBuilder.build(SyntheticEmbeddings.flatten(ROWS), N, D, spec);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double want = expected.applyAsDouble(i, j);
                assertThat((double) kernel.get(i, j)).as("%s at (%d, %d)", spec.describe(), i, j)
                        .isCloseTo(want, within(2e-5 * Math.max(1, Math.abs(want))));
            }
        }
    }

    private static double naiveCosine(int i, int j) {
        return dot(ROWS[i], ROWS[j]) / Math.sqrt(dot(ROWS[i], ROWS[i]) * dot(ROWS[j], ROWS[j]));
    }

    private static double squaredDistanceOfUnitRows(int i, int j) {
        return 2 - 2 * naiveCosine(i, j);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }
}
