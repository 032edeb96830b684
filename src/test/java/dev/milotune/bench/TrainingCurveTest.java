package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrainingCurveTest {

    static final BenchDesign QUICK = BenchDesign.preset("quick", "fashion-mnist");

    static TrainingCurve curve(int index, List<Double> seconds, List<Double> accuracy) {
        Arm arm = QUICK.trainingArms().get(index);
        return new TrainingCurve(arm, "s-" + arm.id(), "COMPLETED", 1000, TrainingCurve.cumulative(seconds, accuracy));
    }

    static List<TrainingCurve> curves() {
        return List.of(
                curve(0, List.of(3.0, 3.0, 3.0), List.of(0.80, 0.85, 0.88)),
                curve(1, List.of(0.3, 0.3, 0.3), List.of(0.75, 0.84, 0.875)),
                curve(2, List.of(1.0, 1.0, 1.0), List.of(0.79, 0.86, 0.879)),
                curve(3, List.of(0.3, 0.3, 0.3), List.of(0.74, 0.80, 0.82)));
    }

    @Test
    void pointsAccumulateTrainingSeconds() {
        TrainingCurve c = curve(0, List.of(2.0, 3.0, 4.0), List.of(0.5, 0.7, 0.6));
        assertThat(c.points()).extracting(TrainingCurve.Point::seconds).containsExactly(2.0, 5.0, 9.0);
        assertThat(c.totalSeconds()).isEqualTo(9.0);
        assertThat(c.bestAccuracy()).hasValue(0.7);
        assertThat(c.secondsToReach(0.65)).hasValue(5.0);
        assertThat(c.secondsToReach(0.71)).isEmpty();
        assertThatThrownBy(() -> TrainingCurve.cumulative(List.of(1.0), List.of())).hasMessageContaining("accuracies");
    }

    @Test
    void targetIsTheFullDataBestMinusOnePoint() {
        assertThat(BenchAnalysis.trainingTarget(curves()).getAsDouble()).isCloseTo(0.87, within(1e-12));
        assertThat(BenchAnalysis.trainingTarget(curves().subList(1, 4))).isEmpty();
    }

    @Test
    void trainingSpecsTrainOneFixedConfigurationWithoutRetrain() {
        assertThat(QUICK.trainingArms()).extracting(Arm::id)
                .containsExactly("train-full", "train-milo-10", "train-milo-30", "train-random-10");
        JsonNode spec = QUICK.trainingSpec(QUICK.trainingArms().get(2));
        assertThat(spec.path("maxTrials").asInt()).isEqualTo(1);
        assertThat(spec.path("scheduler").path("type").asText()).isEqualTo("none");
        assertThat(spec.path("finalRetrain").path("enabled").asBoolean()).isFalse();
        assertThat(spec.path("model").path("fixed").path("lr").asDouble()).isEqualTo(0.003);
        assertThat(spec.path("subset").path("fraction").asDouble()).isEqualTo(0.3);
        assertThat(spec.path("searchSpace").path("hidden").path("choices")).hasSize(1);
    }

    @Test
    void reportHasTheTrainingTableWithTimeToTarget() throws Exception {
        BenchRun run = new BenchRun(QUICK, new MachineInfo(2, 1L << 30, "17", "vm", "Linux", "amd64"), "x",
                Instant.EPOCH, Instant.EPOCH, List.of(), curves());
        String md = BenchMarkdown.markdown(run);
        assertThat(md).contains("Arms: not run in this invocation.");
        // target 0.87: full reaches it at 9 s, MILO 10 % at 0.9 s (10x), MILO 30 % at 3 s (3x), random never
        assertThat(md).contains("| full data | COMPLETED | 1000 | 9.0 | 88.00 % | 9.0 | 1.00x |");
        assertThat(md).contains("| MILO 10 % | COMPLETED | 1000 | 0.9 | 87.50 % | 0.9 | 10.00x |");
        assertThat(md).contains("| random 10 % | COMPLETED | 1000 | 0.9 | 82.00 % | not reached | - |");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(BenchJson.text(run));
        assertThat(json.path("trainingExperiment").path("curves")).hasSize(4);
        assertThat(json.path("trainingExperiment").path("curves").get(2).path("secondsToTarget").asDouble()).isEqualTo(3.0);
        assertThat(json.path("trainingExperiment").path("curves").get(3).path("secondsToTarget").isNull()).isTrue();
        assertThat(json.path("arms")).isEmpty();
    }

    @Test
    void timeToAccuracyChartDrawsTheCurves() {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = Charts.timeToAccuracy(curves(), OptionalDouble.of(0.87), "t");
        // x axis 0..9.45 s, y axis 0.74-0.01 .. 0.88+0.01
        Charts.Axis x = new Charts.Axis(0, 9 * 1.05, false, Charts.LEFT, Charts.WIDTH - Charts.RIGHT);
        Charts.Axis y = new Charts.Axis(0.73, 0.89, false, Charts.HEIGHT - Charts.BOTTOM, Charts.TOP);
        assertThat(image.getRGB(x.pixel(9.0), y.pixel(0.88)) & 0xffffff).isEqualTo(Charts.FULL.getRGB() & 0xffffff);
        assertThat(image.getRGB(x.pixel(0.9), y.pixel(0.82)) & 0xffffff).isEqualTo(Charts.RANDOM.getRGB() & 0xffffff);
    }

    @Test
    void experimentOptionIsChecked() {
        assertThat(BenchApp.Options.parse("bench", "--preset", "quick").experiment()).isEqualTo("all");
        BenchApp.Options training = BenchApp.Options.parse("bench", "--preset", "quick", "--experiment", "training");
        assertThat(training.runArms()).isFalse();
        assertThat(training.runTraining()).isTrue();
        assertThatThrownBy(() -> BenchApp.Options.parse("bench", "--preset", "quick", "--experiment", "x")).hasMessageContaining("all, arms");
    }
}
