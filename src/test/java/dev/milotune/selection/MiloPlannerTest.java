package dev.milotune.selection;

import static dev.milotune.selection.PlanFixtures.EMBEDDINGS;
import static dev.milotune.selection.PlanFixtures.LABELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiloPlannerTest {

    static SubsetPlan plan;

    @BeforeAll
    static void computePlan() {
        plan = PlanFixtures.plan(PlanFixtures.options());
    }

    @Test
    void planHasMilosShape() {
        assertThat(plan.numItems()).isEqualTo(600);
        assertThat(plan.classes()).containsExactly(0, 1, 2, 3);
        assertThat(plan.classSizes()).containsExactly(200, 150, 150, 100);
        // B = 60 over 4 classes: 15 each.
        assertThat(plan.budgets()).containsExactly(15, 15, 15, 15);
        assertThat(plan.numSubsets()).isEqualTo(20);
        for (int s = 0; s < plan.numSubsets(); s++) {
            int[] subset = plan.sgeSubset(s);
            assertThat(subset).hasSize(60).isSorted().doesNotHaveDuplicates();
            int[] perClass = new int[4];
            for (int index : subset) {
                perClass[LABELS[index]]++;
            }
            assertThat(perClass).as("subset %d is class-balanced by budget", s).containsExactly(15, 15, 15, 15);
        }
        double[] p = plan.wreProbabilities();
        assertThat(p).hasSize(600);
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(Arrays.stream(p).allMatch(v -> v > 0)).isTrue();
        assertThat(plan.wreOrders()).hasSize(4);
        assertThat(plan.provenance().wreProbabilityRatio()).isGreaterThanOrEqualTo(1.0);
        assertThat(plan.provenance().timings()).extracting(StageTiming::stage)
                .containsExactly("validate", "hash", "native", "kernel", "wre", "sge", "assemble");
        assertThat(plan.provenance().estimatedPeakBytes()).isPositive();
        assertThat(plan.id()).matches("[0-9a-f]{64}");
    }

    /** The reference's 300 "stochastic" subsets are one subset repeated (srand(1)); ours differ. */
    @Test
    void sgeSubsetsArePairwiseDifferent() {
        Set<String> distinct = new HashSet<>();
        for (int[] subset : plan.sgeSubsets()) {
            distinct.add(Arrays.toString(subset));
        }
        assertThat(distinct).hasSize(plan.numSubsets());
    }

    @Test
    void sgeFavoursTypicalItemsOverRandomOnes() {
        // Graph cut rewards similarity to the whole class: picks have higher cosine column sums.
        DenseKernel k = KernelBuilder.build(classRows(0), 200, PlanFixtures.D, new KernelSpec.ShiftedCosine());
        int[] members = members(0);
        double picked = 0;
        int count = 0;
        for (int[] subset : plan.sgeSubsets()) {
            for (int index : subset) {
                if (LABELS[index] == 0) {
                    picked += rowSum(k, Arrays.binarySearch(members, index));
                    count++;
                }
            }
        }
        double all = 0;
        for (int i = 0; i < 200; i++) {
            all += rowSum(k, i);
        }
        assertThat(picked / count).isGreaterThan(all / 200);
    }

    @Test
    void identicalSeedsGiveIdenticalPlansAndOthersDiffer() {
        SubsetPlan again = PlanFixtures.plan(PlanFixtures.options().withParallelism(1));
        assertThat(again.id()).isEqualTo(plan.id());
        assertThat(again.sgeSubsets()).isDeepEqualTo(plan.sgeSubsets());
        assertThat(again.wreOrders()).isEqualTo(plan.wreOrders());
        assertThat(again.wreProbabilities()).containsExactly(plan.wreProbabilities());

        SubsetPlan other = PlanFixtures.plan(PlanFixtures.options().withSeed(43));
        assertThat(other.id()).isNotEqualTo(plan.id());
        assertThat(other.sgeSubsets()).isNotEqualTo(plan.sgeSubsets());
        for (int s = 0; s < plan.numSubsets(); s++) {
            assertThat(other.sgeSubset(s)).isNotEqualTo(plan.sgeSubset(s));
        }
    }

    @Test
    void idIsTheContentKeyAndCanBeComputedAhead() {
        assertThat(MiloPlanner.planKey(EMBEDDINGS, LABELS, PlanFixtures.options()).id()).isEqualTo(plan.id());
        assertThat(plan.provenance().key().canonical()).contains("graph-cut(lambda=0.4) on shifted-cosine by stochastic-greedy(epsilon=0.1) x 20");
        assertThat(MiloPlanner.planKey(EMBEDDINGS, LABELS, PlanFixtures.options().withLambda(0.3)).id()).isNotEqualTo(plan.id());
        assertThat(MiloPlanner.planKey(EMBEDDINGS, LABELS, PlanFixtures.options().withSource("other-encoder", "fixture-600")).id())
                .isNotEqualTo(plan.id());
        float[][] changed = EMBEDDINGS.clone();
        changed[0] = changed[0].clone();
        changed[0][0] += 1e-3f;
        assertThat(MiloPlanner.planKey(changed, LABELS, PlanFixtures.options()).id()).isNotEqualTo(plan.id());
    }

    @Test
    void ladderBuildsEachKernelOnceAndEqualsSeparatePlans() {
        List<String> kernelEvents = new ArrayList<>();
        List<SubsetPlan> ladder = MiloPlanner.ladder(EMBEDDINGS, LABELS, new double[] {0.05, 0.3}, PlanFixtures.options(),
                (stage, done, total) -> {
                    if (stage.equals("kernel")) {
                        kernelEvents.add(done + "/" + total);
                    }
                });
        assertThat(kernelEvents).as("one kernel per class for both fractions").containsExactly("1/4", "2/4", "3/4", "4/4");
        SubsetPlan separate = PlanFixtures.plan(PlanFixtures.options().withFraction(0.3));
        assertThat(ladder.get(1).id()).isEqualTo(separate.id());
        assertThat(ladder.get(1).sgeSubsets()).isDeepEqualTo(separate.sgeSubsets());
        assertThat(ladder.get(1).wreProbabilities()).containsExactly(separate.wreProbabilities());
        assertThat(ladder.get(0).totalBudget()).isEqualTo(32); // ceil(30 / 4) = 8 per class
        assertThat(ladder.get(1).budgets()).containsExactly(45, 45, 45, 45);
    }

    @Test
    void largeClassesAreSplitIntoPartitionsWithProportionalBudgets() {
        SubsetPlan partitioned = PlanFixtures.plan(PlanFixtures.options().withPartitionSize(60).withFraction(0.2));
        // 200 -> 4 x 50, 150 -> 3 x 50, 100 -> 2 x 50; class budget 30 -> shares of 8/8/7/7 and 10/10/10 and 15/15.
        assertThat(partitioned.provenance().groundSets()).isEqualTo(12);
        assertThat(partitioned.wreOrders()).hasSize(12);
        assertThat(partitioned.wreOrders().stream().filter(o -> o.label() == 0).mapToInt(GreedyOrder::budget).toArray())
                .containsExactly(8, 8, 7, 7);
        assertThat(partitioned.wreOrders().stream().filter(o -> o.label() == 3).mapToInt(GreedyOrder::budget).toArray())
                .containsExactly(15, 15);
        for (GreedyOrder order : partitioned.wreOrders()) {
            assertThat(order.size()).isEqualTo(50);
        }
        for (int[] subset : partitioned.sgeSubsets()) {
            for (GreedyOrder order : partitioned.wreOrders()) {
                Set<Integer> part = new HashSet<>();
                Arrays.stream(order.indices()).forEach(part::add);
                assertThat(Arrays.stream(subset).filter(part::contains).count()).isEqualTo(order.budget());
            }
        }
    }

    @Test
    void badInputIsAnErrorNamingTheValue() {
        PlanOptions options = PlanFixtures.options();
        float[][] nan = copy(EMBEDDINGS);
        nan[17][3] = Float.NaN;
        assertThatThrownBy(() -> MiloPlanner.plan(nan, LABELS, options, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embeddings row 17, column 3 is NaN");
        float[][] inf = copy(EMBEDDINGS);
        inf[5][0] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> MiloPlanner.plan(inf, LABELS, options, null)).hasMessage("embeddings row 5, column 0 is -Infinity");
        assertThatThrownBy(() -> MiloPlanner.plan(EMBEDDINGS, Arrays.copyOf(LABELS, 599), options, null))
                .hasMessage("there are 600 embedding rows but 599 labels");
        assertThatThrownBy(() -> options.withFraction(0)).hasMessage("fraction is 0.0, but must be in (0, 1]");
        assertThatThrownBy(() -> options.withFraction(1.5)).hasMessage("fraction is 1.5, but must be in (0, 1]");
        assertThatThrownBy(() -> MiloPlanner.plan(EMBEDDINGS, LABELS, options.withNumClasses(5), null))
                .hasMessageContaining("class 4 has no items");
        assertThatThrownBy(() -> MiloPlanner.plan(EMBEDDINGS, LABELS, options.withNumClasses(3), null))
                .hasMessageContaining("label 3 at row").hasMessageContaining("outside 0..2");
        float[][] zero = copy(EMBEDDINGS);
        zero[9] = new float[PlanFixtures.D];
        assertThatThrownBy(() -> MiloPlanner.plan(zero, LABELS, options, null)).hasMessageContaining("row 9 is all zeros");
        float[][] ragged = copy(EMBEDDINGS);
        ragged[2] = new float[3];
        assertThatThrownBy(() -> MiloPlanner.plan(ragged, LABELS, options, null)).hasMessage("embeddings row 2 has 3 values, but row 0 has 16");
        assertThatThrownBy(() -> MiloPlanner.plan(new float[0][], new int[0], options, null)).hasMessageContaining("embeddings are empty");
        assertThatThrownBy(() -> MiloPlanner.plan(EMBEDDINGS, LABELS, options.withFraction(0.001), null))
                .hasMessageContaining("fraction 0.001 of 600 items is a budget of 0 items");
        assertThatThrownBy(() -> options.withSubsets(0)).hasMessageContaining("subsets is 0");
        assertThatThrownBy(() -> options.withPartitionSize(50_000)).hasMessageContaining("partition size is 50000");
    }

    @Test
    void singleRunSelectsPerClassWithGains() {
        SelectionOptions options = SelectionOptions.of(new FunctionSpec.FacilityLocation(), new OptimizerSpec.LazyGreedy(), 3)
                .withBudgetPerClass(10);
        GreedySelection lazy = MiloPlanner.select(EMBEDDINGS, LABELS, options, null);
        GreedySelection naive = MiloPlanner.select(EMBEDDINGS, LABELS,
                SelectionOptions.of(new FunctionSpec.FacilityLocation(), new OptimizerSpec.NaiveGreedy(), 3).withBudgetPerClass(10), null);
        assertThat(lazy.budgets()).containsExactly(10, 10, 10, 10);
        assertThat(lazy.selections()).hasSize(4);
        for (int c = 0; c < 4; c++) {
            GreedyOrder order = lazy.selections().get(c);
            assertThat(order.indices()).containsExactly(naive.selections().get(c).indices());
            assertThat(Arrays.stream(order.indices()).allMatch(i -> LABELS[i] == order.label())).isTrue();
            double[] gains = order.gains();
            for (int k = 1; k < gains.length; k++) {
                assertThat(gains[k]).as("diminishing returns along the greedy order").isLessThanOrEqualTo(gains[k - 1]);
            }
        }
        assertThat(lazy.indices()).hasSize(40).isSorted();

        assertThatThrownBy(() -> MiloPlanner.select(EMBEDDINGS, LABELS, options.withBudgetPerClass(120), null))
                .hasMessage("budget 120 is larger than class 3, which has 100 items");

        SelectionOptions stochastic = SelectionOptions.of(new FunctionSpec.GraphCut(0.4), new OptimizerSpec.StochasticGreedy(0.1), 5);
        assertThat(MiloPlanner.select(EMBEDDINGS, LABELS, stochastic, null).indices())
                .containsExactly(MiloPlanner.select(EMBEDDINGS, LABELS, stochastic, null).indices());
        GreedySelection logDet = MiloPlanner.select(EMBEDDINGS, LABELS,
                SelectionOptions.of(new FunctionSpec.LogDeterminant(1.0), new OptimizerSpec.LazyGreedy(), 5).withKernel(new KernelSpec.Rbf(1.0)), null);
        assertThat(logDet.indices()).hasSize(60);
    }

    private static float[] classRows(int label) {
        int[] members = members(label);
        float[] flat = new float[members.length * PlanFixtures.D];
        for (int i = 0; i < members.length; i++) {
            System.arraycopy(EMBEDDINGS[members[i]], 0, flat, i * PlanFixtures.D, PlanFixtures.D);
        }
        return flat;
    }

    static int[] members(int label) {
        return java.util.stream.IntStream.range(0, LABELS.length).filter(i -> LABELS[i] == label).toArray();
    }

    private static double rowSum(DenseKernel k, int i) {
        double sum = 0;
        for (int j = 0; j < k.n; j++) {
            sum += k.get(i, j);
        }
        return sum;
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
