package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.milotune.study.ModelFamily;
import dev.milotune.study.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Trains one trial's network epoch by epoch with DJL (PyTorch engine): mean cross-entropy over the
 * epoch's subset in shuffled mini-batches, then evaluation. Everything random derives from the
 * trial seed and the epoch, so a resumed trial continues exactly as an uninterrupted one.
 *
 * <p>The hot path keeps the JVM out of the loop: a batch is one index gather on the resident split
 * ({@link DeviceSplit}), the loss is summed on the device and read back every
 * {@value #LOSS_CHECK_EVERY} batches (to stop a diverging trial early) and at the end of the epoch,
 * the optimiser step is one fused native update per parameter ({@link UpdateRule}), gradients are
 * cleared in place. Gradients are recorded per thread (PyTorch's grad mode is thread-local) through
 * the engine's backward directly, not DJL's {@code GradientCollector}, which admits one collector per
 * process: so the slots of a worker train in parallel. Native arrays of a batch live in an
 * {@link NDScope} and are freed when the batch ends.
 */
final class SegmentTrainer implements AutoCloseable {

    /** Batches between two reads of the running loss: a NaN stops the epoch within this many batches. */
    static final int LOSS_CHECK_EVERY = 32;
    /**
     * Evaluation batches hold at most about this many floats of the widest activation (16 MB): the
     * whole validation split of an MLP in one batch, about 170 images for the CNN. Larger CNN batches
     * ran slower on 2 cores (4,000 against 6,000-7,000 items/s at 670 images a batch).
     */
    private static final long EVALUATION_FLOATS = 4L << 20;

    /** One trained epoch. */
    record EpochResult(int epoch, double trainLoss, double seconds, int items) {
    }

    /** Loss and accuracy on a split. */
    record Evaluation(double loss, double accuracy) {
    }

    private final Network network;
    private final UpdateRule rule;
    private final LearningRate learningRate;
    private final DeviceSplit train;
    private final int batchSize;
    private final long seed;
    /** The backward seed of a scalar loss, d loss / d loss = 1. */
    private final NDArray one;

    SegmentTrainer(ModelFamily family, Hyperparameters hp, DeviceSplit train, int numClasses, long seed, int totalEpochs) {
        this.network = Network.create(family, hp, train.itemShape(), numClasses, train.device(), seed);
        this.rule = new UpdateRule(hp, network.manager());
        this.learningRate = LearningRate.of(hp, totalEpochs);
        this.train = train;
        this.batchSize = hp.positive("batchSize");
        this.seed = seed;
        this.one = network.manager().ones(new Shape());
    }

    Device device() {
        return train.device();
    }

    /** Continues from a checkpoint: parameters and optimiser state as they were after its epoch. */
    void restore(Checkpoint checkpoint) {
        Map<String, NDArray> parameters = network.parameters();
        if (!parameters.keySet().equals(checkpoint.parameters().keySet())) {
            throw new InvalidTrialException("checkpoint has parameters " + checkpoint.parameters().keySet()
                    + ", but the model has " + parameters.keySet());
        }
        parameters.forEach((name, array) -> {
            float[] values = checkpoint.parameters().get(name);
            if (values.length != array.size()) {
                throw new InvalidTrialException("checkpoint parameter " + name + " has " + values.length
                        + " values, but the model's has " + array.size());
            }
            array.set(java.nio.FloatBuffer.wrap(values));
        });
        rule.restore(checkpoint.optimizer(), parameters);
    }

    Checkpoint checkpoint(int epochsDone) {
        Map<String, float[]> parameters = new LinkedHashMap<>();
        network.parameters().forEach((name, array) -> parameters.put(name, array.toFloatArray()));
        return new Checkpoint(epochsDone, parameters, rule.state());
    }

    /**
     * Trains {@code epoch} on the items at {@code subset}.
     *
     * @param cancelled checked before every batch
     * @throws CancelledException when {@code cancelled} turns true
     * @throws InvalidTrialException when the training loss is not finite
     */
    EpochResult trainEpoch(int epoch, int[] subset, BooleanSupplier cancelled) {
        int[] order = subset.clone();
        SplittableRandom shuffle = Seeds.stream(seed, Seeds.Stream.SHUFFLE, epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int batches = (order.length + batchSize - 1) / batchSize;
        NDManager manager = network.manager();
        Map<String, NDArray> parameters = network.parameters();
        JniUtils.setGradMode(false);
        long start = System.nanoTime();
        try (NDScope epochScope = new NDScope()) {
            epochScope.suppressNotUsedWarning();
            NDArray lossSum = manager.zeros(new Shape());
            for (int b = 0; b < batches; b++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                int from = b * batchSize;
                int[] indices = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                SplittableRandom dropout = Seeds.stream(seed, Seeds.Stream.DROPOUT, epoch, b);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    DeviceSplit.Batch batch = train.batch(manager, indices);
                    NDArray logLikelihood;
                    JniUtils.setGradMode(true);
                    try {
                        NDArray logits = network.forward(batch.inputs(), true, dropout);
                        logLikelihood = logLikelihood(logits, batch.labels());
                        JniUtils.backward((PtNDArray) logLikelihood.div(-indices.length), (PtNDArray) one, false, false);
                    } finally {
                        JniUtils.setGradMode(false);
                    }
                    lossSum.subi(logLikelihood);
                    rule.step(parameters, learningRate.at(epoch, (double) b / batches));
                    for (NDArray p : parameters.values()) {
                        JniUtils.zeroGrad((PtNDArray) p);
                    }
                }
                if ((b + 1) % LOSS_CHECK_EVERY == 0 || b == batches - 1) {
                    float loss = lossSum.getFloat();
                    if (!Float.isFinite(loss)) {
                        throw new InvalidTrialException("training loss is " + loss + " at epoch " + epoch + " (by batch " + b + ")");
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double loss = order.length == 0 ? 0 : lossSum.getFloat() / order.length;
            return new EpochResult(epoch, loss, seconds, order.length);
        }
    }

    /** Mean loss and accuracy over all of {@code split}, in large batches, without recording gradients. */
    Evaluation evaluate(DeviceSplit split) {
        return evaluate(split, null);
    }

    /** Mean loss and accuracy over the items of {@code split} at {@code items} (null: all of them). */
    Evaluation evaluate(DeviceSplit split, int[] items) {
        JniUtils.setGradMode(false);
        int n = items == null ? split.size() : items.length;
        int step = (int) Math.max(64, Math.min(n, EVALUATION_FLOATS / Math.max(1, network.widestActivation())));
        NDManager manager = network.manager();
        try (NDScope outer = new NDScope()) {
            outer.suppressNotUsedWarning();
            NDArray lossSum = manager.zeros(new Shape());
            NDArray correct = manager.zeros(new Shape(), DataType.INT64);
            for (int from = 0; from < n; from += step) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    DeviceSplit.Batch batch = items == null ? split.range(manager, from, Math.min(n, from + step))
                            : split.batch(manager, java.util.Arrays.copyOfRange(items, from, Math.min(n, from + step)));
                    NDArray logits = network.forward(batch.inputs(), false, null);
                    lossSum.subi(logLikelihood(logits, batch.labels()));
                    correct.addi(logits.argMax(1).eq(batch.labels()).sum());
                }
            }
            return n == 0 ? new Evaluation(0, 0) : new Evaluation(lossSum.getFloat() / n, (double) correct.getLong() / n);
        }
    }

    /** Sum over the batch of ln p(label | item): minus the summed cross-entropy. */
    private static NDArray logLikelihood(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.expandDims(1), 1).sum();
    }

    @Override
    public void close() {
        network.close();
    }

    /** Training stopped because the trial or its study was cancelled. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
