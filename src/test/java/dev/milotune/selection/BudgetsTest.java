package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BudgetsTest {

    @Test
    void smallClassFillRuleOfMilo() {
        assertThat(Budgets.perClass(new int[] {1070, 1132, 1110, 1146, 83, 365}, 1471))
                .containsExactly(278, 278, 278, 278, 83, 278);
    }

    @Test
    void equalSplitWhenEveryClassIsLargeEnough() {
        // CIFAR-10 in MILO.md: 45,000 items, 10 % -> 450 per class; 1 % -> 45.
        int[] cifar = new int[10];
        Arrays.fill(cifar, 4500);
        assertThat(Budgets.perClass(cifar, Budgets.total(45_000, 0.1))).containsOnly(450);
        assertThat(Budgets.perClass(cifar, Budgets.total(45_000, 0.01))).containsOnly(45);
        // ceil(B / C): 7 over 3 classes -> 3 each, overshooting by 2.
        assertThat(Budgets.perClass(new int[] {5, 5, 5}, 7)).containsExactly(3, 3, 3);
    }

    @Test
    void wholePassesMayOvershootByLessThanTheClassCount() {
        int[] sizes = {2, 10, 10, 10};
        int[] budgets = Budgets.perClass(sizes, 21);
        assertThat(budgets).containsExactly(2, 7, 7, 7);
        assertThat(Arrays.stream(budgets).sum() - 21).isBetween(0, sizes.length - 1);
    }

    @Test
    void fullFractionTakesEveryItem() {
        int[] sizes = {3, 9, 4};
        assertThat(Budgets.perClass(sizes, Budgets.total(16, 1.0))).containsExactly(3, 9, 4);
    }

    @Test
    void totalFloorsWithDecimalTolerance() {
        assertThat(Budgets.total(100, 0.29)).isEqualTo(29);
        assertThat(Budgets.total(60_000, 0.1)).isEqualTo(6000);
        assertThat(Budgets.total(999, 0.5)).isEqualTo(499);
    }

    @Test
    void fractionOutsideTheUnitIntervalIsAnErrorNamingIt() {
        for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Budgets.total(100, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fraction is " + bad);
        }
        assertThatThrownBy(() -> Budgets.total(10, 0.01)).hasMessageContaining("budget of 0");
    }

    @Test
    void proportionalSplitOverPartitions() {
        assertThat(Budgets.proportional(10, new int[] {5000, 5000, 5001})).containsExactly(3, 3, 4);
        assertThat(Budgets.proportional(7, new int[] {10, 10})).containsExactly(4, 3);
        assertThat(Budgets.proportional(20, new int[] {10, 10})).containsExactly(10, 10);
        assertThatThrownBy(() -> Budgets.proportional(21, new int[] {10, 10})).hasMessageContaining("budget 21");
    }
}
