package dev.milotune.data;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * A small CNN (two 3x3 conv + max-pool stages of 32 and 64 filters, a 128-unit dense layer, LeNet
 * style) trained with DJL PyTorch on MNIST, then frozen: the 128 ReLU activations before the
 * classifier are the embedding. It is pre-trained on a different dataset than the one selected
 * from (MNIST for Fashion-MNIST), as an offline stand-in for a real pre-trained image encoder.
 * Trained once per (training data, seed) and kept under the models directory.
 */
final class MnistCnnEncoder implements Encoder {

    static final String ID = "mnist-cnn";
    private static final int EPOCHS = 2;
    private static final int TRAIN_BATCH = 128;
    private static final float LEARNING_RATE = 1e-3f;
    private static final String RECIPE = "c32c64f128.adam" + LEARNING_RATE + ".b" + TRAIN_BATCH + ".e" + EPOCHS;
    private static final int EMBED_BATCH = 512;
    private static final System.Logger LOG = System.getLogger(MnistCnnEncoder.class.getName());

    private final Model model;
    private final SequentialBlock trunk;
    private final String version;

    private MnistCnnEncoder(Model model, SequentialBlock trunk, String version) {
        this.model = model;
        this.trunk = trunk;
        this.version = version;
    }

    /** Trains on {@code pretrainOn}'s train split, or loads the weights a previous run saved. */
    static MnistCnnEncoder pretrained(Dataset pretrainOn, EncoderOptions options) {
        DjlSetup.configure(options.dataDir());
        String version = RECIPE + ".seed" + options.seed() + ".on-" + pretrainOn.contentHash().substring(0, 16);
        Path dir = options.dataDir().models().resolve(ID + "-" + version);
        SequentialBlock trunk = trunk();
        SequentialBlock network = new SequentialBlock().add(trunk).add(Linear.builder().setUnits(10).build());
        Model model = Model.newInstance(ID, Device.cpu(), "PyTorch");
        model.setBlock(network);
        try {
            if (Files.isDirectory(dir)) {
                model.load(dir, ID);
            } else {
                train(model, pretrainOn.train(), options.seed());
                Files.createDirectories(options.dataDir().models());
                Path temp = Files.createTempDirectory(options.dataDir().models(), ".training-" + ID);
                model.save(temp, ID);
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new DataException("cannot train or load " + ID + " in " + dir + ": " + e.getMessage(), e);
        }
        return new MnistCnnEncoder(model, trunk, version);
    }

    private static SequentialBlock trunk() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu);
    }

    private static void train(Model model, Split train, long seed) throws IOException {
        // libtorch's generator is engine-global: it seeds weight initialisation here and nothing else runs meanwhile.
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build());
        float[][] images = train.features();
        int[] labels = train.labels();
        long start = System.nanoTime();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(TRAIN_BATCH, 1, 28, 28));
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                int[] order = StratifiedSplitter.permutation(images.length, seed * 31 + epoch);
                double lossSum = 0;
                int batches = 0;
                for (int from = 0; from < order.length; from += TRAIN_BATCH) {
                    int to = Math.min(order.length, from + TRAIN_BATCH);
                    float[] x = new float[(to - from) * 784];
                    float[] y = new float[to - from];
                    for (int i = from; i < to; i++) {
                        System.arraycopy(images[order[i]], 0, x, (i - from) * 784, 784);
                        y[i - from] = labels[order[i]];
                    }
                    try (NDManager batch = trainer.getManager().newSubManager();
                            GradientCollector collector = trainer.newGradientCollector()) {
                        collector.zeroGradients();
                        NDArray input = batch.create(x, new Shape(to - from, 1, 28, 28));
                        NDArray target = batch.create(y);
                        NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(target), new NDList(prediction));
                        collector.backward(loss);
                        lossSum += loss.getFloat();
                        batches++;
                    }
                    trainer.step();
                }
                LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s epoch %d: mean loss %.4f, %.0f s so far", ID,
                        epoch + 1, lossSum / batches, (System.nanoTime() - start) / 1e9));
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int dimension() {
        return 128;
    }

    @Override
    public DatasetKind accepts() {
        return DatasetKind.IMAGE;
    }

    @Override
    public synchronized float[][] embed(Items items, ProgressListener progress) {
        if (!(items instanceof Items.Features features) || features.width() != 784) {
            throw new IllegalArgumentException(ID + " embeds 28x28 grey images");
        }
        float[][] rows = features.rows();
        float[][] out = new float[rows.length][];
        ProgressMeter meter = new ProgressMeter(ID + " embedding", rows.length, progress);
        ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < rows.length; from += EMBED_BATCH) {
            int to = Math.min(rows.length, from + EMBED_BATCH);
            float[] x = new float[(to - from) * 784];
            for (int i = from; i < to; i++) {
                System.arraycopy(rows[i], 0, x, (i - from) * 784, 784);
            }
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray input = batch.create(x, new Shape(to - from, 1, 28, 28));
                float[] values = trunk.forward(parameters, new NDList(input), false).singletonOrThrow().toFloatArray();
                for (int i = from; i < to; i++) {
                    out[i] = Arrays.copyOfRange(values, (i - from) * 128, (i - from + 1) * 128);
                }
            }
            meter.advance(to - from);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        model.close();
    }
}
