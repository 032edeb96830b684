package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
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
 * Native arrays of a batch live in an {@link NDScope} and are freed when the batch ends.
 */
final class SegmentTrainer implements AutoCloseable {

    private static final java.util.concurrent.locks.ReentrantLock AUTOGRAD = new java.util.concurrent.locks.ReentrantLock();

    /** One trained epoch. */
    record EpochResult(int epoch, double trainLoss, double seconds, int items) {
    }

    /** Loss and accuracy on a split. */
    record Evaluation(double loss, double accuracy) {
    }

    private final Network network;
    private final UpdateRule rule;
    private final LearningRate learningRate;
    private final Inputs train;
    private final int[] trainLabels;
    private final int numClasses;
    private final int batchSize;
    private final long seed;
    private final Device device;

    SegmentTrainer(ModelFamily family, Hyperparameters hp, Inputs train, int[] trainLabels, int numClasses, long seed,
            int totalEpochs, Device device) {
        this.network = Network.create(family, hp, train.itemShape(), numClasses, device, seed);
        this.rule = new UpdateRule(hp, network.manager());
        this.learningRate = LearningRate.of(hp, totalEpochs);
        this.train = train;
        this.trainLabels = trainLabels;
        this.numClasses = numClasses;
        this.batchSize = hp.positive("batchSize");
        this.seed = seed;
        this.device = device;
    }

    Device device() {
        return device;
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
     */
    EpochResult trainEpoch(int epoch, int[] subset, BooleanSupplier cancelled) {
        int[] order = subset.clone();
        SplittableRandom shuffle = new SplittableRandom(Seeds.mix(seed, epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int batches = (order.length + batchSize - 1) / batchSize;
        double lossSum = 0;
        gradientRecordingOff();
        long start = System.nanoTime();
        Engine engine = network.manager().getEngine();
        for (int b = 0; b < batches; b++) {
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
            int from = b * batchSize;
            int[] indices = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            SplittableRandom dropout = new SplittableRandom(Seeds.mix(Seeds.mix(seed, epoch), b));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDManager batchManager = network.manager();
                NDArray x = train.batch(batchManager, indices);
                NDArray y = labels(batchManager, indices);
                float loss;
                // DJL's PyTorch engine allows one gradient collector per process at a time.
                AUTOGRAD.lock();
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray logits = network.forward(x, true, dropout);
                    NDArray batchLoss = crossEntropy(logits, y);
                    collector.backward(batchLoss);
                    loss = batchLoss.getFloat();
                } finally {
                    AUTOGRAD.unlock();
                }
                if (!Float.isFinite(loss)) {
                    throw new InvalidTrialException("training loss is " + loss + " at epoch " + epoch + ", batch " + b);
                }
                lossSum += loss * indices.length;
                rule.step(network.parameters(), learningRate.at(epoch, (double) b / batches));
                zeroGradients();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(epoch, order.length == 0 ? 0 : lossSum / order.length, seconds, order.length);
    }

    /** Mean loss and accuracy over all of {@code inputs}, without recording gradients. */
    Evaluation evaluate(Inputs inputs, int[] labels) {
        gradientRecordingOff();
        int n = inputs.size();
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += 512) {
            int[] indices = new int[Math.min(512, n - from)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDManager manager = network.manager();
                NDArray logits = network.forward(inputs.batch(manager, indices), false, null);
                int[] batchLabels = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    batchLabels[i] = labels[indices[i]];
                }
                NDArray y = manager.create(batchLabels);
                lossSum += crossEntropy(logits, y).getFloat() * indices.length;
                correct += logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).eq(y).sum().getLong();
            }
        }
        return new Evaluation(n == 0 ? 0 : lossSum / n, n == 0 ? 0 : (double) correct / n);
    }

    /**
     * PyTorch records gradients per thread and starts every new thread with recording on; the
     * optimiser's in-place updates need it off. Training threads come from a pool, so each epoch
     * and evaluation sets it explicitly (the collector turns it on for forward and backward only).
     */
    private static void gradientRecordingOff() {
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /**
     * Gradients accumulate in PyTorch; each batch starts from zero. Only this network's
     * parameters are touched (the collector's own zeroing walks every array of the process).
     */
    private void zeroGradients() {
        for (NDArray p : network.parameters().values()) {
            NDArray g = p.getGradient();
            g.subi(g);
        }
    }

    private NDArray labels(NDManager manager, int[] indices) {
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = trainLabels[indices[i]];
        }
        return manager.create(y);
    }

    private NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).mul(labels.oneHot(numClasses)).sum(new int[] {1}).neg().mean();
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
