package dev.milotune.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFamilyTest {

    @Test
    void everyNumericHyperparameterHasABoundAndEveryDefaultIsInsideIt() {
        for (ModelFamily family : ModelFamily.values()) {
            family.defaults().forEach((name, value) -> {
                if (ModelFamily.ALLOWED.containsKey(name)) {
                    assertThat(ModelFamily.ALLOWED.get(name)).as(family.id() + "." + name).contains(value);
                } else {
                    assertThat(family.bound(name)).as(family.id() + "." + name + " has a bound").isPresent();
                    assertThat(family.bound(name).get().contains(value)).as(family.id() + "." + name + " default " + value).isTrue();
                }
            });
        }
    }

    @Test
    void everyFamilysDefaultModelFitsTheTrainingMemoryLimit() {
        for (ModelFamily family : ModelFamily.values()) {
            if (!family.builtIn()) {
                continue; // an external model's size is its own workers' business
            }
            Map<String, Object> defaults = family.defaults();
            Map<String, Number> sizes = new java.util.HashMap<>();
            family.sizeHyperparameters().forEach(name -> sizes.put(name, (Number) defaults.get(name)));
            assertThat(family.trainingBytes(sizes)).as(family.id()).isPositive().isLessThan(ModelFamily.MAX_TRAINING_BYTES / 10.0);
        }
    }

    @Test
    void theEstimateCountsWeightsGradientsAndAdamMomentsAtFourBytes() {
        // mlp, one layer of 1 unit, batch 1: 1024 + 1 + 100 + 100 parameters; 1024 + 3 + 200 activations.
        double bytes = ModelFamily.MLP.trainingBytes(Map.of("hidden", 1, "layers", 1, "batchSize", 1));
        assertThat(bytes).isEqualTo(4 * (4 * (1024 + 1 + 100 + 100) + 2 * (1024 + 3 + 200)));
    }

    @Test
    void boundsStateTheirRule() {
        assertThat(ModelFamily.BOUNDS.get("kernel").rule()).isEqualTo("must be an odd integer in [1, 7]");
        assertThat(ModelFamily.BOUNDS.get("lr").rule()).isEqualTo("must be a number in (0, 10]");
        assertThat(ModelFamily.BOUNDS.get("kernel").contains(5L)).isTrue();
        assertThat(ModelFamily.BOUNDS.get("kernel").contains(4L)).isFalse();
        assertThat(ModelFamily.BOUNDS.get("lr").contains(0.0)).isFalse();
        assertThat(ModelFamily.BOUNDS.get("hidden").contains("64")).isFalse();
    }
}
