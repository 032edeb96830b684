package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.Datasets;
import dev.milotune.data.DjlSetup;
import dev.milotune.data.SplitSpec;
import dev.milotune.study.ModelFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training throughput on Fashion-MNIST (54,000 training images, batch 128, Adam, CPU): the
 * worker's path ({@link SegmentTrainer}, with its per-batch input assembly, seeded dropout stream
 * and checkpointable optimiser) against a plain DJL loop over the same data (Trainer, DJL's own
 * blocks and Adam). Prints items/s, the median of the epochs after a warm-up. Not a timed test:
 * the numbers go to docs/worker.md.
 *
 * <p>{@code mvn -B test -Pheavy -Dtest=WorkerThroughputBenchmark -Dmilotune.bench.data=.milotune}
 * (the data dir must hold the fetched fashion-mnist).
 */
@Tag("heavy")
class WorkerThroughputBenchmark {

    static final int BATCH = 128;

    @Test
    void workerPathAgainstAPlainDjlLoop() {
        DataDirectory dir = new DataDirectory(Path.of(System.getProperty("milotune.bench.data", ".milotune")));
        DjlSetup.configure(dir);
        Dataset fashion = Datasets.load("fashion-mnist", dir, SplitSpec.defaults());
        float[][] x = fashion.train().features();
        int[] y = fashion.train().labels();
        int[] all = IntStream.range(0, x.length).toArray();
        System.out.printf(Locale.ROOT, "threads=%d, items=%d, device=%s%n", Runtime.getRuntime().availableProcessors(), x.length,
                Engine.getInstance().defaultDevice());

        for (String family : List.of("mlp", "cnn")) {
            boolean cnn = family.equals("cnn");
            int epochs = cnn ? 3 : 5;
            int[] shape = cnn ? new int[] {1, 28, 28} : new int[] {784};
            Map<String, Object> hp = cnn ? Map.of("batchSize", (long) BATCH, "channels", 32L, "convLayers", 2L, "hidden", 128L)
                    : Map.of("batchSize", (long) BATCH, "hidden", 256L);
            ModelFamily f = cnn ? ModelFamily.CNN : ModelFamily.MLP;
            List<Double> worker = new ArrayList<>();
            try (SegmentTrainer trainer = new SegmentTrainer(f, Hyperparameters.of(f, hp), new Inputs.Rows(x, shape), y, 10, 1,
                    epochs, Engine.getInstance().defaultDevice())) {
                for (int e = 0; e < epochs; e++) {
                    var r = trainer.trainEpoch(e, all, () -> false);
                    if (e > 0) {
                        worker.add(r.items() / r.seconds());
                    }
                }
            }
            List<Double> plain = plainDjl(cnn, x, y, epochs);
            double w = median(worker);
            double p = median(plain);
            System.out.printf(Locale.ROOT, "RESULT %s worker=%.0f items/s plain-djl=%.0f items/s overhead=%.1f %%%n",
                    family, w, p, (p / w - 1) * 100);
        }
    }

    private static List<Double> plainDjl(boolean cnn, float[][] x, int[] y, int epochs) {
        Block block = cnn
                ? new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                        .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                        .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(10).build())
                : new SequentialBlock().add(Linear.builder().setUnits(256).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(10).build());
        List<Double> rates = new ArrayList<>();
        try (Model model = Model.newInstance("plain", Device.cpu())) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(cnn ? new Shape(BATCH, 1, 28, 28) : new Shape(BATCH, 784));
                List<Integer> order = new ArrayList<>(IntStream.range(0, x.length).boxed().toList());
                for (int e = 0; e < epochs; e++) {
                    Collections.shuffle(order, new java.util.Random(e));
                    long start = System.nanoTime();
                    for (int from = 0; from < x.length; from += BATCH) {
                        int to = Math.min(x.length, from + BATCH);
                        float[] xs = new float[(to - from) * 784];
                        float[] ys = new float[to - from];
                        for (int i = from; i < to; i++) {
                            System.arraycopy(x[order.get(i)], 0, xs, (i - from) * 784, 784);
                            ys[i - from] = y[order.get(i)];
                        }
                        try (NDManager batch = trainer.getManager().newSubManager();
                                GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray input = batch.create(xs, cnn ? new Shape(to - from, 1, 28, 28) : new Shape(to - from, 784));
                            NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(batch.create(ys)), new NDList(prediction));
                            collector.backward(loss);
                        }
                        trainer.step();
                    }
                    if (e > 0) {
                        rates.add(x.length / ((System.nanoTime() - start) / 1e9));
                    }
                }
            }
        }
        return rates;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
