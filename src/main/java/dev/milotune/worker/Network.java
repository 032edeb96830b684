package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.milotune.study.ModelFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The model of a trial, written as functions over its parameter arrays rather than as DJL blocks:
 * parameters are initialised from the trial's seed (PyTorch's default uniform(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))) and dropout masks come from a seeded stream, so training is a pure function of
 * (seed, data, hyperparameters) on any device, and a checkpoint holds everything that matters.
 *
 * <ul>
 *   <li>{@code mlp}, {@code embedding-mlp}: {@code layers} x (linear {@code hidden}, activation, dropout), linear to classes.</li>
 *   <li>{@code cnn}: {@code convLayers} x (conv k x k with channels doubling from {@code channels}, activation,
 *       2 x 2 max-pool), then linear {@code hidden}, activation, dropout, linear to classes.</li>
 *   <li>{@code text-bag}: a mean embedding bag (linear without bias over normalised hashed token counts),
 *       then linear to classes.</li>
 * </ul>
 */
final class Network implements AutoCloseable {

    private final ModelFamily family;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final UnaryOperator<NDArray> activation;
    private final double dropout;
    private final int hiddenLayers;
    private final int convLayers;
    /** Floats of the largest activation (or input) of one item: what sizes an evaluation batch. */
    private int widestActivation;

    private Network(ModelFamily family, Hyperparameters hp, NDManager manager) {
        this.family = family;
        this.manager = manager;
        this.activation = switch (family == ModelFamily.TEXT_BAG ? "relu" : hp.choice("activation")) {
            case "tanh" -> Activation::tanh;
            case "sigmoid" -> Activation::sigmoid;
            default -> Activation::relu;
        };
        this.dropout = family == ModelFamily.TEXT_BAG ? 0 : hp.probability("dropout");
        this.hiddenLayers = family == ModelFamily.MLP || family == ModelFamily.EMBEDDING_MLP ? hp.positive("layers") : 1;
        this.convLayers = family == ModelFamily.CNN ? hp.positive("convLayers") : 0;
    }

    /**
     * A freshly initialised network.
     *
     * @param itemShape shape of one input item: [width] for rows, [1, 28, 28] for images, [vocab] for token bags
     */
    static Network create(ModelFamily family, Hyperparameters hp, int[] itemShape, int numClasses, Device device, long seed) {
        Network net = new Network(family, hp, NDManager.newBaseManager(device));
        SplittableRandom rng = new SplittableRandom(seed);
        int width = 1;
        for (int d : itemShape) {
            width *= d;
        }
        switch (family) {
            case MLP, EMBEDDING_MLP -> {
                int hidden = hp.positive("hidden");
                int in = width;
                net.widestActivation = Math.max(width, hidden);
                for (int l = 0; l < net.hiddenLayers; l++) {
                    net.linear("dense" + l, in, hidden, true, rng);
                    in = hidden;
                }
                net.linear("out", in, numClasses, true, rng);
            }
            case CNN -> {
                if (itemShape.length != 3) {
                    throw new InvalidTrialException("model family cnn needs images (channels x height x width), but items have shape "
                            + java.util.Arrays.toString(itemShape));
                }
                int kernel = hp.positive("kernel");
                if (kernel % 2 == 0) {
                    throw new InvalidTrialException("hyperparameter kernel is " + kernel + ", but must be odd");
                }
                int channels = itemShape[0];
                int height = itemShape[1];
                int widthPx = itemShape[2];
                int filters = hp.positive("channels");
                net.widestActivation = Math.max(width, filters * height * widthPx);
                for (int l = 0; l < net.convLayers; l++) {
                    if (height < 2 || widthPx < 2) {
                        throw new InvalidTrialException("hyperparameter convLayers is " + net.convLayers + ", but images of "
                                + itemShape[1] + " x " + itemShape[2] + " allow at most " + l);
                    }
                    net.conv("conv" + l, channels, filters, kernel, rng);
                    channels = filters;
                    filters *= 2;
                    height /= 2;
                    widthPx /= 2;
                }
                int hidden = hp.positive("hidden");
                net.linear("dense0", channels * height * widthPx, hidden, true, rng);
                net.linear("out", hidden, numClasses, true, rng);
            }
            case TEXT_BAG -> {
                int dim = hp.positive("embeddingDim");
                net.widestActivation = Math.max(width, dim);
                net.linear("bag", width, dim, false, rng);
                net.linear("out", dim, numClasses, true, rng);
            }
        }
        for (NDArray p : net.parameters.values()) {
            p.setRequiresGradient(true);
        }
        return net;
    }

    private void linear(String name, int in, int out, boolean bias, SplittableRandom rng) {
        double bound = 1 / Math.sqrt(in);
        parameters.put(name + ".weight", uniform(new Shape(out, in), bound, rng));
        if (bias) {
            parameters.put(name + ".bias", uniform(new Shape(out), bound, rng));
        }
    }

    private void conv(String name, int in, int out, int kernel, SplittableRandom rng) {
        double bound = 1 / Math.sqrt((double) in * kernel * kernel);
        parameters.put(name + ".weight", uniform(new Shape(out, in, kernel, kernel), bound, rng));
        parameters.put(name + ".bias", uniform(new Shape(out), bound, rng));
    }

    private NDArray uniform(Shape shape, double bound, SplittableRandom rng) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape);
    }

    /** Logits for a batch. {@code dropoutRng} is only drawn from when training with dropout. */
    NDArray forward(NDArray x, boolean training, SplittableRandom dropoutRng) {
        return switch (family) {
            case MLP, EMBEDDING_MLP -> {
                NDArray h = x;
                for (int l = 0; l < hiddenLayers; l++) {
                    h = dropout(activation.apply(dense("dense" + l, h)), training, dropoutRng);
                }
                yield dense("out", h);
            }
            case CNN -> {
                NDArray h = x;
                for (int l = 0; l < convLayers; l++) {
                    NDArray w = parameters.get("conv" + l + ".weight");
                    int pad = (int) w.getShape().get(2) / 2;
                    h = Conv2d.conv2d(h, w, parameters.get("conv" + l + ".bias"), new Shape(1, 1), new Shape(pad, pad))
                            .singletonOrThrow();
                    h = Pool.maxPool2d(activation.apply(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                }
                h = h.reshape(h.getShape().get(0), -1);
                h = dropout(activation.apply(dense("dense0", h)), training, dropoutRng);
                yield dense("out", h);
            }
            case TEXT_BAG -> dense("out", Linear.linear(x, parameters.get("bag.weight")).singletonOrThrow());
            case EXTERNAL -> throw new IllegalStateException("the built-in worker has no network for model family external");
        };
    }

    private NDArray dense(String name, NDArray x) {
        return Linear.linear(x, parameters.get(name + ".weight"), parameters.get(name + ".bias")).singletonOrThrow();
    }

    private NDArray dropout(NDArray h, boolean training, SplittableRandom rng) {
        if (!training || dropout == 0) {
            return h;
        }
        float keep = (float) (1 / (1 - dropout));
        float[] mask = new float[Math.toIntExact(h.size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < dropout ? 0f : keep;
        }
        return h.mul(h.getManager().create(mask, h.getShape()));
    }

    /** Floats of the widest activation (or input) of one item. */
    int widestActivation() {
        return widestActivation;
    }

    /** Parameters by name, in a fixed order. */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
