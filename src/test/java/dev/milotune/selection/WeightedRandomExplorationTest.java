package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedRandomExplorationTest {

    static double taylor(double x) {
        return 1 + x + x * x / 2;
    }

    /**
     * The reference sampler indexes the probabilities (ordered by gain rank) by dataset index.
     * Here item 3 is picked first and item 0 second (the largest gain): item 0 must carry the
     * largest probability, not item 1, the second in gain rank.
     */
    @Test
    void eachProbabilityBelongsToTheItemOfItsGain() {
        GreedyOrder order = new GreedyOrder(7, 0, 2, new int[] {3, 0, 4, 1, 2}, new double[] {0, 0.9, -0.1, -0.2, -0.5});
        double[] p = WeightedRandomExploration.probabilities(5, List.of(order), 1.0);
        double[] w = {taylor(1.4), taylor(0.3), taylor(1e-10), taylor(0.5), taylor(0.4)}; // gain - min(gain), floor 1e-10
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i < 5; i++) {
            assertThat(p[i]).as("item %d", i).isCloseTo(w[i] / sum, within(1e-15));
        }
        assertThat(p[0]).isGreaterThan(p[1]).isGreaterThan(p[3]);
        int rankIndexedMaximum = 0; // what the reference would make the most likely item: rank 1 -> dataset item 1
        assertThat(argmax(p)).isEqualTo(0).isNotEqualTo(rankIndexedMaximum + 1);
    }

    @Test
    void temperatureFlattensTheWeights() {
        GreedyOrder order = new GreedyOrder(0, 0, 1, new int[] {0, 1, 2}, new double[] {0, 2, -1});
        double[] cold = WeightedRandomExploration.probabilities(3, List.of(order), 0.5);
        double[] hot = WeightedRandomExploration.probabilities(3, List.of(order), 10);
        assertThat(cold[1] / cold[2]).isGreaterThan(hot[1] / hot[2]);
        assertThat(hot[1] / hot[2]).isCloseTo(taylor(0.3) / taylor(1e-11), within(1e-9));
    }

    /** In a real plan: every item's probability comes from its own gain in its class's order. */
    @Test
    void planProbabilitiesFollowTheOrdersItemByItem() {
        SubsetPlan plan = PlanFixtures.plan(PlanFixtures.options());
        double min = plan.wreOrders().stream().flatMapToDouble(o -> Arrays.stream(o.gains())).min().orElseThrow();
        double[] w = new double[plan.numItems()];
        for (GreedyOrder order : plan.wreOrders()) {
            for (int k = 0; k < order.size(); k++) {
                w[order.indices()[k]] = taylor(Math.max(order.gains()[k] - min, 1e-10));
            }
        }
        double sum = Arrays.stream(w).sum();
        double[] p = plan.wreProbabilities();
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(w[i] / sum, within(1e-15));
        }
        double max = Arrays.stream(p).max().orElseThrow();
        double lowest = Arrays.stream(p).min().orElseThrow();
        assertThat(plan.provenance().wreProbabilityRatio()).isCloseTo(max / lowest, within(1e-9));
    }

    /** Disparity-min's order: the lowest index first (gain 0), the farthest item second, then gains <= 0. */
    @Test
    void disparityMinOrderHasMilosShape() {
        SubsetPlan plan = PlanFixtures.plan(PlanFixtures.options());
        for (GreedyOrder order : plan.wreOrders()) {
            int[] members = MiloPlannerTest.members(order.label());
            assertThat(order.indices()[0]).isEqualTo(members[0]);
            assertThat(order.indices()).hasSize(members.length).doesNotHaveDuplicates();
            assertThat(order.gains()[0]).isZero();
            assertThat(order.gains()[1]).isPositive();
            for (int k = 2; k < order.size(); k++) {
                assertThat(order.gains()[k]).isLessThanOrEqualTo(0);
            }
        }
    }

    /** The memoised O(n^2) greedy order equals greedy over the naive evaluation of f. */
    @Test
    void memoisedOrderEqualsGreedyOverNaiveEvaluation() {
        DenseKernel k = SyntheticEmbeddings.kernel(4, 30, 6, new KernelSpec.MinMaxCosine());
        SetFunction f = new DisparityMinFunction(k);
        GreedyResult memoised = new NaiveGreedy().maximize(f, 30, null);
        int[] chosen = new int[0];
        boolean[] used = new boolean[30];
        for (int step = 0; step < 30; step++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            double value = f.evaluate(chosen);
            for (int x = 0; x < 30; x++) {
                if (!used[x]) {
                    int[] with = Arrays.copyOf(chosen, chosen.length + 1);
                    with[chosen.length] = x;
                    double gain = f.evaluate(with) - value;
                    if (gain > bestGain + 1e-12) {
                        bestGain = gain;
                        best = x;
                    }
                }
            }
            assertThat(memoised.picks()[step]).as("step %d", step).isEqualTo(best);
            assertThat(memoised.gains()[step]).isCloseTo(bestGain, within(1e-9));
            used[best] = true;
            chosen = Arrays.copyOf(chosen, chosen.length + 1);
            chosen[chosen.length - 1] = best;
        }
    }

    /** The fused O(n^2) loop of the plans picks exactly what naive greedy picks, ties included. */
    @Test
    void fusedFullOrderEqualsNaiveGreedy() {
        float[][] rows = SyntheticEmbeddings.clustered(6, 80, 5, 3, 0.5);
        for (int i = 40; i < 60; i++) {
            rows[i] = rows[i % 5].clone(); // duplicates: zero distances and tied gains
        }
        DenseKernel k = KernelBuilder.build(SyntheticEmbeddings.flatten(rows), 80, 5, new KernelSpec.MinMaxCosine());
        DisparityMinFunction f = new DisparityMinFunction(k);
        GreedyResult naive = new NaiveGreedy().maximize(f, 80, null);
        GreedyResult fused = f.fullOrder();
        assertThat(fused.picks()).containsExactly(naive.picks());
        assertThat(fused.gains()).containsExactly(naive.gains());
    }

    /** Seeded statistical test: a single draw picks item i with probability p_i / sum(p). */
    @Test
    void efraimidisSpirakisDrawsInProportionToProbabilities() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        int[] items = {0, 1, 2, 3};
        int[] counts = new int[4];
        SplittableRandom random = new SplittableRandom(99);
        int draws = 40_000;
        for (int t = 0; t < draws; t++) {
            counts[WeightedRandomExploration.draw(p, items, 1, random)[0]]++;
        }
        for (int i = 0; i < 4; i++) {
            // 4 standard deviations of a binomial proportion
            double sd = Math.sqrt(p[i] * (1 - p[i]) / draws);
            assertThat(counts[i] / (double) draws).as("item %d", i).isCloseTo(p[i], within(4 * sd));
        }
    }

    @Test
    void drawsAreWithoutReplacementAndDeterministicPerStream() {
        double[] p = new double[50];
        Arrays.fill(p, 0.02);
        int[] items = java.util.stream.IntStream.range(0, 50).toArray();
        int[] a = WeightedRandomExploration.draw(p, items, 20, new SplittableRandom(1));
        assertThat(a).hasSize(20).doesNotHaveDuplicates();
        assertThat(WeightedRandomExploration.draw(p, items, 20, new SplittableRandom(1))).containsExactly(a);
        assertThat(WeightedRandomExploration.draw(p, items, 50, new SplittableRandom(2))).containsExactlyInAnyOrder(items);
    }

    @Test
    void largestKeysBreakTiesByLowerItem() {
        assertThat(WeightedRandomExploration.largestKeys(new double[] {1, 3, 3, 2, 3}, new int[] {10, 11, 12, 13, 14}, 2))
                .containsExactlyInAnyOrder(11, 12);
        assertThat(WeightedRandomExploration.largestKeys(new double[] {5, 4}, new int[] {1, 2}, 0)).isEmpty();
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
