package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Oracle and property tests for every set function (submodlib's: memoised gain == naive gain). */
class SetFunctionPropertiesTest {

    static final int N = 36;
    static DenseKernel shifted;
    static DenseKernel minMax;
    static float[] unitRows;

    @BeforeAll
    static void kernels() {
        shifted = SyntheticEmbeddings.kernel(11, N, 8, new KernelSpec.ShiftedCosine());
        minMax = SyntheticEmbeddings.kernel(11, N, 8, new KernelSpec.MinMaxCosine());
        unitRows = KernelBuilder.normalisedRows(SyntheticEmbeddings.flatten(SyntheticEmbeddings.clustered(11, N, 8, 4, 0.8)), N, 8);
    }

    static Stream<SetFunction> functions() {
        return Stream.of(
                new FacilityLocationFunction(shifted),
                new GraphCutFunction(shifted, 0.4),
                new GraphCutFunction(shifted, 0.9),
                new FactoredGraphCutFunction(unitRows, N, 8, 0.4),
                new DisparityMinFunction(minMax),
                new DisparitySumFunction(minMax),
                new LogDeterminantFunction(shifted, 1.0),
                new LogDeterminantFunction(shifted, 0.05));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void valueOfTheEmptySetIsZero(SetFunction f) {
        assertThat(f.evaluate(new int[0])).isZero();
        assertThat(f.newState().size()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void memoisedGainEqualsNaiveGain(SetFunction f) {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 4; trial++) {
            int[] order = permutation(random, N);
            SetFunction.State state = f.newState();
            List<Integer> chosen = new ArrayList<>();
            for (int step = 0; step < 14; step++) {
                int[] x = toArray(chosen);
                double fx = f.evaluate(x);
                for (int c = step; c < N; c += 5) {
                    int item = order[c];
                    double naive = f.evaluate(append(x, item)) - fx;
                    assertThat(state.gain(item)).as("%s gain of %d after %s", f.describe(), item, chosen)
                            .isCloseTo(naive, within(1e-9 * Math.max(1, Math.abs(fx))));
                }
                state.add(order[step]);
                chosen.add(order[step]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void monotoneWhereClaimed(SetFunction f) {
        if (f.monotone()) {
            assertThat(minimumGain(f, new SplittableRandom(5))).as(f.describe()).isGreaterThanOrEqualTo(-1e-9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void diminishingReturnsWhereClaimed(SetFunction f) {
        if (f.submodular()) {
            assertThat(worstReturnIncrease(f, new SplittableRandom(7))).as(f.describe()).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void claimsFollowParametersAndKernel() {
        assertThat(new GraphCutFunction(shifted, 0.4).monotone()).isTrue();
        assertThat(new GraphCutFunction(shifted, 0.9).monotone()).isFalse();
        assertThat(new GraphCutFunction(shifted, 0.9).submodular()).isTrue();
        assertThat(new LogDeterminantFunction(shifted, 1.0).monotone()).isTrue();
        assertThat(new LogDeterminantFunction(shifted, 0.05).monotone()).isFalse();
        assertThat(new LogDeterminantFunction(minMax, 1.0).submodular()).as("min-max kernel is not PSD").isFalse();
        DenseKernel cosine = SyntheticEmbeddings.kernel(11, N, 8, new KernelSpec.Cosine());
        assertThat(cosine.nonNegative()).isFalse();
        assertThat(new GraphCutFunction(cosine, 0.4).submodular()).isFalse();
    }

    @Test
    void factoredGraphCutIsGraphCutOnTheShiftedCosineKernel() {
        SetFunction dense = new GraphCutFunction(shifted, 0.4);
        SetFunction factored = new FactoredGraphCutFunction(unitRows, N, 8, 0.4);
        SetFunction.State a = dense.newState();
        SetFunction.State b = factored.newState();
        int[] order = permutation(new SplittableRandom(1), N);
        for (int step = 0; step < N; step++) {
            for (int x = 0; x < N; x++) {
                assertThat(b.gain(x)).isCloseTo(a.gain(x), within(1e-4));
            }
            a.add(order[step]);
            b.add(order[step]);
        }
        assertThat(factored.evaluate(order)).isCloseTo(dense.evaluate(order), within(1e-3));
    }

    /** The property checks can fail: they catch the functions that do not make the claim. */
    @Test
    void checksDetectFunctionsWithoutTheProperty() {
        assertThat(minimumGain(new GraphCutFunction(shifted, 0.9), new SplittableRandom(5))).isLessThan(-1e-6);
        assertThat(worstReturnIncrease(new DisparitySumFunction(minMax), new SplittableRandom(7))).isGreaterThan(1e-6);
        assertThat(minimumGain(new DisparityMinFunction(minMax), new SplittableRandom(5))).isLessThan(-1e-6);
    }

    private static double minimumGain(SetFunction f, SplittableRandom random) {
        double min = Double.POSITIVE_INFINITY;
        for (int trial = 0; trial < 40; trial++) {
            int[] order = permutation(random, N);
            int size = random.nextInt(N - 1);
            int[] x = java.util.Arrays.copyOf(order, size);
            min = Math.min(min, f.evaluate(append(x, order[size])) - f.evaluate(x));
        }
        return min;
    }

    /** max over random A ⊂ B, x ∉ B of gain(x | B) - gain(x | A): <= 0 for a submodular f. */
    private static double worstReturnIncrease(SetFunction f, SplittableRandom random) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int trial = 0; trial < 40; trial++) {
            int[] order = permutation(random, N);
            int sizeB = 2 + random.nextInt(N - 3);
            int sizeA = random.nextInt(sizeB);
            int x = order[sizeB];
            int[] a = java.util.Arrays.copyOf(order, sizeA);
            int[] b = java.util.Arrays.copyOf(order, sizeB);
            double gainA = f.evaluate(append(a, x)) - f.evaluate(a);
            double gainB = f.evaluate(append(b, x)) - f.evaluate(b);
            worst = Math.max(worst, gainB - gainA);
        }
        return worst;
    }

    static int[] permutation(SplittableRandom random, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] append(int[] x, int item) {
        int[] out = java.util.Arrays.copyOf(x, x.length + 1);
        out[x.length] = item;
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
