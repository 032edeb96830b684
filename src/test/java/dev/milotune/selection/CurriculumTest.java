package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CurriculumTest {

    static SubsetPlan plan;
    static final CurriculumOptions MILO = CurriculumOptions.defaults();

    @BeforeAll
    static void computePlan() {
        plan = PlanFixtures.plan(PlanFixtures.options().withSubsets(5));
    }

    @Test
    void sgePhaseLastsCeilKappaTimesEpochs() {
        for (int epochs = 1; epochs <= 600; epochs++) {
            assertThat(MILO.sgeEpochs(epochs)).as("E=%d", epochs).isEqualTo((epochs + 5) / 6);
        }
        assertThat(new CurriculumOptions(0.3, 1).sgeEpochs(10)).isEqualTo(3);
        assertThat(new CurriculumOptions(0.25, 1).sgeEpochs(10)).isEqualTo(3);
        assertThat(new CurriculumOptions(0, 1).sgeEpochs(10)).isZero();
        assertThat(new CurriculumOptions(1, 1).sgeEpochs(10)).isEqualTo(10);
    }

    @Test
    void phaseBoundaries() {
        // E = 12: ceil(2.0) = 2 SGE epochs; E = 13: ceil(2.17) = 3.
        assertThat(Curriculum.inSgePhase(1, 12, MILO)).isTrue();
        assertThat(Curriculum.inSgePhase(2, 12, MILO)).isFalse();
        assertThat(Curriculum.inSgePhase(2, 13, MILO)).isTrue();
        assertThat(Curriculum.inSgePhase(3, 13, MILO)).isFalse();
        Set<String> sge = sgeSubsets();
        assertThat(sge).contains(key(Curriculum.subsetFor(plan, 1, 1, 12, MILO)));
        assertThat(sge).doesNotContain(key(Curriculum.subsetFor(plan, 1, 2, 12, MILO)));
        assertThat(sge).contains(key(Curriculum.subsetFor(plan, 1, 2, 13, MILO)));
        assertThat(sge).doesNotContain(key(Curriculum.subsetFor(plan, 1, 3, 13, MILO)));
    }

    @Test
    void sgeSubsetsComeInAShuffledCyclicOrder() {
        CurriculumOptions allSge = new CurriculumOptions(1, 1);
        Set<String> firstCycle = new HashSet<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            firstCycle.add(key(Curriculum.subsetFor(plan, 7, epoch, 12, allSge)));
        }
        assertThat(firstCycle).isEqualTo(sgeSubsets());
        for (int epoch = 5; epoch < 12; epoch++) {
            assertThat(Curriculum.subsetFor(plan, 7, epoch, 12, allSge)).containsExactly(Curriculum.subsetFor(plan, 7, epoch - 5, 12, allSge));
        }
        boolean someTrialStartsElsewhere = false;
        for (long trial = 0; trial < 10; trial++) {
            someTrialStartsElsewhere |= !Arrays.equals(Curriculum.subsetFor(plan, trial, 0, 12, allSge), plan.sgeSubset(0));
        }
        assertThat(someTrialStartsElsewhere).as("the order is shuffled per trial").isTrue();
    }

    @Test
    void wrePhaseDrawsClassBalancedSubsetsPerEpoch() {
        int[] first = Curriculum.subsetFor(plan, 3, 2, 12, MILO);
        int[] second = Curriculum.subsetFor(plan, 3, 3, 12, MILO);
        assertThat(first).hasSize(plan.totalBudget()).isSorted().doesNotHaveDuplicates();
        int[] perClass = new int[4];
        for (int index : first) {
            perClass[PlanFixtures.LABELS[index]]++;
        }
        assertThat(perClass).containsExactly(plan.budgets());
        assertThat(second).isNotEqualTo(first);
        assertThat(sgeSubsets()).doesNotContain(key(first));
    }

    @Test
    void pureInItsInputs() {
        for (int epoch = 0; epoch < 12; epoch++) {
            assertThat(Curriculum.subsetFor(plan, 11, epoch, 12, MILO)).containsExactly(Curriculum.subsetFor(plan, 11, epoch, 12, MILO));
        }
        assertThat(Curriculum.subsetFor(plan, 11, 6, 12, MILO)).isNotEqualTo(Curriculum.subsetFor(plan, 12, 6, 12, MILO));
    }

    @Test
    void aNewSubsetEveryIntervalCountedFromThePhaseStart() {
        CurriculumOptions everyTwo = new CurriculumOptions(1.0 / 6, 2);
        // E = 18: SGE epochs 0..2 (rounds 0, 0, 1), WRE from epoch 3 (rounds 0, 0, 1, 1, ...).
        assertThat(Curriculum.subsetFor(plan, 5, 1, 18, everyTwo)).containsExactly(Curriculum.subsetFor(plan, 5, 0, 18, everyTwo));
        assertThat(Curriculum.subsetFor(plan, 5, 4, 18, everyTwo)).containsExactly(Curriculum.subsetFor(plan, 5, 3, 18, everyTwo));
        assertThat(Curriculum.subsetFor(plan, 5, 5, 18, everyTwo)).isNotEqualTo(Curriculum.subsetFor(plan, 5, 4, 18, everyTwo));
        assertThat(Curriculum.subsetFor(plan, 5, 6, 18, everyTwo)).containsExactly(Curriculum.subsetFor(plan, 5, 5, 18, everyTwo));
    }

    @Test
    void epochOutsideTheRunIsAnError() {
        assertThatThrownBy(() -> Curriculum.subsetFor(plan, 1, 12, 12, MILO)).hasMessage("epoch is 12, but must be in [0, 12)");
        assertThatThrownBy(() -> Curriculum.subsetFor(plan, 1, -1, 12, MILO)).hasMessageContaining("epoch is -1");
        assertThatThrownBy(() -> new CurriculumOptions(1.5, 1)).hasMessage("kappa is 1.5, but must be in [0, 1]");
        assertThatThrownBy(() -> new CurriculumOptions(0.2, 0)).hasMessageContaining("selection interval is 0");
    }

    private static Set<String> sgeSubsets() {
        Set<String> all = new HashSet<>();
        for (int[] subset : plan.sgeSubsets()) {
            all.add(key(subset));
        }
        return all;
    }

    private static String key(int[] subset) {
        return Arrays.toString(subset);
    }
}
