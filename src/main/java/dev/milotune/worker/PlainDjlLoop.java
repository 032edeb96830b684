package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.Model;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The reference a DJL user would write: DJL's own blocks, {@code Trainer} and Adam, batches copied
 * from the JVM, as in DJL's examples. Only for the throughput experiment.
 */
final class PlainDjlLoop {

    private PlainDjlLoop() {
    }

    /** Items per second of each epoch, warm-up included (the caller drops it). */
    static List<Double> epochRates(TrainingThroughput.Model model, float[][] x, int[] y, int batch, int epochs, Runnable beforeEachEpoch) {
        boolean cnn = model.family().equals("cnn");
        Block block = cnn
                ? new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                        .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                        .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(model.hidden()).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(10).build())
                : new SequentialBlock().add(Linear.builder().setUnits(model.hidden()).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(10).build());
        int width = x[0].length;
        List<Double> rates = new ArrayList<>();
        try (Model djl = Model.newInstance("plain", Device.cpu())) {
            djl.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = djl.newTrainer(config)) {
                trainer.initialize(cnn ? new Shape(batch, 1, 28, 28) : new Shape(batch, width));
                List<Integer> order = new ArrayList<>(IntStream.range(0, x.length).boxed().toList());
                for (int e = 0; e < epochs; e++) {
                    beforeEachEpoch.run();
                    Collections.shuffle(order, new java.util.Random(e));
                    long start = System.nanoTime();
                    for (int from = 0; from < x.length; from += batch) {
                        int to = Math.min(x.length, from + batch);
                        float[] xs = new float[(to - from) * width];
                        float[] ys = new float[to - from];
                        for (int i = from; i < to; i++) {
                            System.arraycopy(x[order.get(i)], 0, xs, (i - from) * width, width);
                            ys[i - from] = y[order.get(i)];
                        }
                        try (NDManager scratch = trainer.getManager().newSubManager();
                                GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray input = scratch.create(xs, cnn ? new Shape(to - from, 1, 28, 28) : new Shape(to - from, width));
                            NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(scratch.create(ys)), new NDList(prediction));
                            collector.backward(loss);
                        }
                        trainer.step();
                    }
                    rates.add(x.length / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return rates;
    }
}
