package dev.milotune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.Datasets;
import dev.milotune.data.DjlSetup;
import dev.milotune.data.SplitSpec;
import dev.milotune.study.ModelFamily;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real DJL training on the committed Fashion-MNIST fixture. */
class SegmentTrainerTest {

    static Dataset fashion;
    static DeviceSplit train;
    static DeviceSplit validation;

    @BeforeAll
    static void load() {
        DataDirectory dir = new DataDirectory(Path.of("target", "test-data"));
        DjlSetup.configure(dir);
        fashion = Datasets.load("fixture-fashion-mnist", dir, SplitSpec.defaults());
        Device device = Engine.getInstance().defaultDevice();
        train = DeviceSplit.of(new Inputs.Rows(fashion.train().features(), new int[] {784}), fashion.train().labels(), device);
        validation = DeviceSplit.of(new Inputs.Rows(fashion.validation().features(), new int[] {784}),
                fashion.validation().labels(), device);
    }

    static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    static SegmentTrainer mlp(Map<String, Object> overrides, long seed) {
        Hyperparameters hp = Hyperparameters.of(ModelFamily.MLP, overrides);
        return new SegmentTrainer(ModelFamily.MLP, hp, train, fashion.numClasses(), seed, 4);
    }

    @Test
    void anMlpLearnsFashionMnistWellAboveChance() {
        try (SegmentTrainer trainer = mlp(Map.of("lr", 0.002, "batchSize", 32L, "hidden", 128L), 1)) {
            double firstLoss = 0;
            for (int epoch = 0; epoch < 8; epoch++) {
                var result = trainer.trainEpoch(epoch, all(train.size()), () -> false);
                if (epoch == 0) {
                    firstLoss = result.trainLoss();
                }
                assertThat(result.items()).isEqualTo(train.size());
            }
            var last = trainer.trainEpoch(8, all(train.size()), () -> false);
            var eval = trainer.evaluate(validation);
            // 10 classes: chance is 10 %. A small MLP on 720 images reaches about 70-80 %.
            assertThat(eval.accuracy()).isGreaterThan(0.6);
            assertThat(last.trainLoss()).isLessThan(firstLoss * 0.6);
        }
    }

    @Test
    void twoPlusCheckpointPlusTwoEqualsFourStraight() throws Exception {
        resumesExactly(Map.of("optimizer", "sgd", "momentum", 0.9, "nesterov", true, "lr", 0.05,
                "schedule", "cosine", "dropout", 0.2, "batchSize", 64L, "weightDecay", 1e-4));
        // The fused native Adam update keeps its moments in arrays the checkpoint holds.
        resumesExactly(Map.of("optimizer", "adamw", "lr", 0.003, "schedule", "step", "stepSize", 1L, "gamma", 0.5,
                "dropout", 0.1, "batchSize", 50L, "weightDecay", 0.01));
    }

    private static void resumesExactly(Map<String, Object> hp) throws Exception {
        int[] subset = IntStream.range(0, train.size()).filter(i -> i % 3 != 0).toArray();
        List<Double> straightLosses = new ArrayList<>();
        Map<String, float[]> straight;
        try (SegmentTrainer trainer = mlp(hp, 7)) {
            for (int e = 0; e < 4; e++) {
                straightLosses.add(trainer.trainEpoch(e, subset, () -> false).trainLoss());
            }
            straight = trainer.checkpoint(4).parameters();
        }

        byte[] saved;
        List<Double> resumedLosses = new ArrayList<>();
        try (SegmentTrainer first = mlp(hp, 7)) {
            for (int e = 0; e < 2; e++) {
                resumedLosses.add(first.trainEpoch(e, subset, () -> false).trainLoss());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            first.checkpoint(2).write(out);
            saved = out.toByteArray();
        }
        Map<String, float[]> resumed;
        try (SegmentTrainer second = mlp(hp, 7)) {
            Checkpoint checkpoint = Checkpoint.read(new ByteArrayInputStream(saved));
            assertThat(checkpoint.epochsDone()).isEqualTo(2);
            second.restore(checkpoint);
            for (int e = 2; e < 4; e++) {
                resumedLosses.add(second.trainEpoch(e, subset, () -> false).trainLoss());
            }
            resumed = second.checkpoint(4).parameters();
        }

        for (int i = 0; i < 4; i++) {
            assertThat(resumedLosses.get(i)).as("epoch %d loss", i).isCloseTo(straightLosses.get(i), within(1e-5));
        }
        straight.forEach((name, values) -> {
            float[] other = resumed.get(name);
            for (int i = 0; i < values.length; i++) {
                assertThat(other[i]).as("%s[%d]", name, i).isCloseTo(values[i], within(1e-5f));
            }
        });
    }

    @Test
    void aCnnAndATextBagTrain() {
        DeviceSplit images = DeviceSplit.of(new Inputs.Rows(fashion.train().features(), new int[] {1, 28, 28}),
                fashion.train().labels(), Device.cpu());
        Hyperparameters hp = Hyperparameters.of(ModelFamily.CNN, Map.of("channels", 8L, "convLayers", 2L, "hidden", 32L));
        try (images; SegmentTrainer cnn = new SegmentTrainer(ModelFamily.CNN, hp, images, 10, 3, 2)) {
            double before = cnn.trainEpoch(0, all(images.size()), () -> false).trainLoss();
            double after = cnn.trainEpoch(1, all(images.size()), () -> false).trainLoss();
            assertThat(after).isLessThan(before);
        }
        Inputs.TokenBags bags = Inputs.TokenBags.of(List.of("a good film", "a bad film", "good good", "bad"), 64, 16);
        assertThat(bags.tokens()[2]).hasSize(2).containsOnly(Math.floorMod("good".hashCode(), 64));
        Hyperparameters text = Hyperparameters.of(ModelFamily.TEXT_BAG, Map.of("embeddingDim", 8L, "vocabSize", 64L, "lr", 0.05));
        DeviceSplit bagSplit = DeviceSplit.of(bags, new int[] {1, 0, 1, 0}, Device.cpu());
        try (bagSplit; SegmentTrainer bag = new SegmentTrainer(ModelFamily.TEXT_BAG, text, bagSplit, 2, 3, 30)) {
            for (int e = 0; e < 30; e++) {
                bag.trainEpoch(e, all(4), () -> false);
            }
            assertThat(bag.evaluate(bagSplit).accuracy()).isEqualTo(1.0);
        }
    }

    @Test
    void aValidationSampleIsStratifiedFixedAndScoresLikeTheSameItemsAlone() {
        int[] labels = fashion.validation().labels();
        int[] sample = validation.stratifiedSample(0.25);
        assertThat(validation.stratifiedSample(0.25)).isSameAs(sample);
        java.util.Map<Integer, Long> perClass = java.util.Arrays.stream(labels).boxed()
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()));
        java.util.Map<Integer, Long> sampled = java.util.Arrays.stream(sample).mapToObj(i -> labels[i])
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()));
        perClass.forEach((label, n) -> assertThat(sampled.getOrDefault(label, 0L)).as("class %d", label).isEqualTo(Math.round(0.25 * n)));
        assertThat(sample).isSorted().doesNotHaveDuplicates();

        float[][] rows = fashion.validation().features();
        float[][] only = java.util.Arrays.stream(sample).mapToObj(i -> rows[i]).toArray(float[][]::new);
        int[] onlyLabels = java.util.Arrays.stream(sample).map(i -> labels[i]).toArray();
        try (SegmentTrainer trainer = mlp(Map.of("hidden", 32L), 5);
                DeviceSplit alone = DeviceSplit.of(new Inputs.Rows(only, new int[] {784}), onlyLabels, Engine.getInstance().defaultDevice())) {
            trainer.trainEpoch(0, all(train.size()), () -> false);
            var onSample = trainer.evaluate(validation, sample);
            var onItsItems = trainer.evaluate(alone);
            assertThat(onSample.accuracy()).isEqualTo(onItsItems.accuracy());
            assertThat(onSample.loss()).isCloseTo(onItsItems.loss(), within(1e-6));
        }
    }

    @Test
    void nativeMemoryStaysFlatOverAHundredSegments() throws Exception {
        int[] subset = IntStream.range(0, 200).toArray();
        Runnable segment = () -> {
            try (SegmentTrainer trainer = mlp(Map.of("hidden", 64L, "batchSize", 32L), 3)) {
                trainer.trainEpoch(0, subset, () -> false);
                trainer.evaluate(validation);
                trainer.checkpoint(1);
            }
        };
        for (int i = 0; i < 20; i++) {
            segment.run();
        }
        long before = residentKb();
        for (int i = 0; i < 100; i++) {
            segment.run();
        }
        long after = residentKb();
        System.out.printf("resident set: %d MB before, %d MB after 100 segments%n", before / 1024, after / 1024);
        // Each segment allocates about 1 MB of parameters and optimiser state natively; a leak would add 100 MB.
        assertThat(after - before).as("growth of the resident set in kB").isLessThan(40 * 1024);
    }

    private static long residentKb() throws Exception {
        System.gc();
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void aDivergingTrialFailsWithItsReasonAndCancelStopsWithinABatch() {
        try (SegmentTrainer trainer = mlp(Map.of("optimizer", "sgd", "lr", 1e30, "momentum", 0.0), 1)) {
            assertThatThrownBy(() -> {
                for (int e = 0; e < 3; e++) {
                    trainer.trainEpoch(e, all(train.size()), () -> false);
                }
            }).isInstanceOf(InvalidTrialException.class).hasMessageContaining("training loss is");
        }
        int[] calls = {0};
        try (SegmentTrainer trainer = mlp(Map.of("batchSize", 16L), 1)) {
            assertThatThrownBy(() -> trainer.trainEpoch(0, all(train.size()), () -> ++calls[0] > 3))
                    .isInstanceOf(SegmentTrainer.CancelledException.class);
            assertThat(calls[0]).isEqualTo(4);
        }
        assertThatThrownBy(() -> Hyperparameters.of(ModelFamily.MLP, Map.of("channels", 3L)))
                .hasMessage("hyperparameter channels is not known to model family mlp");
    }
}
