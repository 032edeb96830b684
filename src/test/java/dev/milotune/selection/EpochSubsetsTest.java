package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EpochSubsetsTest {

    static SubsetPlan plan;
    static final CurriculumOptions OPTIONS = CurriculumOptions.defaults();

    @BeforeAll
    static void computePlan() {
        plan = PlanFixtures.plan(PlanFixtures.options().withSubsets(5));
    }

    static int[] subset(SubsetStrategy strategy, long trialSeed, int epoch) {
        return EpochSubsets.forEpoch(strategy, plan, 600, 0.1, trialSeed, epoch, 12, OPTIONS);
    }

    @Test
    void fullIsEveryItem() {
        assertThat(EpochSubsets.forEpoch(SubsetStrategy.FULL, null, 600, 0.1, 1, 0, 12, OPTIONS))
                .containsExactly(java.util.stream.IntStream.range(0, 600).toArray());
    }

    @Test
    void randomIsOneUniformSubsetForAllEpochs() {
        int[] first = EpochSubsets.forEpoch(SubsetStrategy.RANDOM, null, 600, 0.1, 1, 0, 12, OPTIONS);
        assertThat(first).hasSize(60).isSorted().doesNotHaveDuplicates();
        assertThat(EpochSubsets.forEpoch(SubsetStrategy.RANDOM, null, 600, 0.1, 1, 11, 12, OPTIONS)).containsExactly(first);
        assertThat(EpochSubsets.forEpoch(SubsetStrategy.RANDOM, null, 600, 0.1, 2, 0, 12, OPTIONS)).isNotEqualTo(first);
    }

    @Test
    void adaptiveRandomIsFreshEveryInterval() {
        int[] e0 = EpochSubsets.forEpoch(SubsetStrategy.ADAPTIVE_RANDOM, null, 600, 0.1, 1, 0, 12, OPTIONS);
        int[] e1 = EpochSubsets.forEpoch(SubsetStrategy.ADAPTIVE_RANDOM, null, 600, 0.1, 1, 1, 12, OPTIONS);
        assertThat(e0).hasSize(60).isNotEqualTo(e1);
        CurriculumOptions everyThree = new CurriculumOptions(1.0 / 6, 3);
        assertThat(EpochSubsets.forEpoch(SubsetStrategy.ADAPTIVE_RANDOM, null, 600, 0.1, 1, 2, 12, everyThree))
                .containsExactly(EpochSubsets.forEpoch(SubsetStrategy.ADAPTIVE_RANDOM, null, 600, 0.1, 1, 0, 12, everyThree));
    }

    @Test
    void planStrategies() {
        assertThat(subset(SubsetStrategy.MILO, 4, 7)).containsExactly(Curriculum.subsetFor(plan, 4, 7, 12, OPTIONS));
        for (int epoch = 0; epoch < 12; epoch++) {
            String sge = Arrays.toString(subset(SubsetStrategy.SGE_ONLY, 4, epoch));
            assertThat(Arrays.stream(plan.sgeSubsets()).map(Arrays::toString)).contains(sge);
        }
        int[] wre = subset(SubsetStrategy.WRE_ONLY, 4, 0);
        assertThat(wre).hasSize(plan.totalBudget()).isNotEqualTo(subset(SubsetStrategy.WRE_ONLY, 4, 1));
        int[] fixed = subset(SubsetStrategy.MILO_FIXED, 4, 0);
        int[] expected = plan.wreOrders().stream().flatMapToInt(o -> Arrays.stream(Arrays.copyOf(o.indices(), o.budget()))).sorted().toArray();
        assertThat(fixed).containsExactly(expected);
        assertThat(subset(SubsetStrategy.MILO_FIXED, 9, 11)).containsExactly(fixed);
    }

    @Test
    void misuseIsAnError() {
        assertThatThrownBy(() -> EpochSubsets.forEpoch(SubsetStrategy.MILO, null, 600, 0.1, 1, 0, 12, OPTIONS))
                .hasMessage("strategy MILO needs a subset plan");
        assertThatThrownBy(() -> EpochSubsets.forEpoch(SubsetStrategy.MILO, plan, 600, 0.2, 1, 0, 12, OPTIONS))
                .hasMessageContaining("fraction is 0.2, but plan");
        assertThatThrownBy(() -> EpochSubsets.forEpoch(SubsetStrategy.RANDOM, plan, 601, 0.1, 1, 0, 12, OPTIONS))
                .hasMessageContaining("number of items is 601");
        assertThatThrownBy(() -> EpochSubsets.forEpoch(SubsetStrategy.RANDOM, null, 600, 1.1, 1, 0, 12, OPTIONS))
                .hasMessage("fraction is 1.1, but must be in (0, 1]");
    }
}
