package dev.milotune.worker;

import ai.djl.Device;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.Datasets;
import dev.milotune.data.EmbeddingCache;
import dev.milotune.data.Encoder;
import dev.milotune.data.EncoderOptions;
import dev.milotune.data.Encoders;
import dev.milotune.data.SplitRole;
import dev.milotune.data.SplitSpec;
import dev.milotune.study.ModelFamily;
import dev.milotune.wire.TrialTask.DatasetRef;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datasets in the form each model family trains on, loaded once per process and placed on the
 * training device once ({@link DeviceSplit}): feature rows for {@code mlp}, images for {@code cnn},
 * the encoder's embeddings for {@code embedding-mlp}, hashed token bags for {@code text-bag}. A
 * dataset whose content hash differs from the task's is refused.
 */
final class TrainingSets {

    /** The splits of a dataset on the device, with labels. */
    record TrainingSet(DeviceSplit train, DeviceSplit validation, DeviceSplit test, int numClasses) {
    }

    private record Key(String dataset, String hash, ModelFamily family, String encoder, int vocabSize, int maxTokens) {
    }

    private final DataDirectory dataDir;
    private final Device device;
    private final ConcurrentHashMap<String, Dataset> datasets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, TrainingSet> sets = new ConcurrentHashMap<>();

    TrainingSets(DataDirectory dataDir, Device device) {
        this.dataDir = dataDir;
        this.device = device;
    }

    /** The dataset of a task, checked against its content hash. */
    Dataset dataset(DatasetRef ref) {
        Dataset dataset = datasets.computeIfAbsent(ref.name(), name -> Datasets.load(name, dataDir, SplitSpec.defaults()));
        if (!dataset.contentHash().equals(ref.contentHash())) {
            throw new InvalidTrialException("dataset " + ref.name() + " here has content hash " + dataset.contentHash()
                    + ", but the task was planned on " + ref.contentHash());
        }
        return dataset;
    }

    TrainingSet forTask(DatasetRef ref, ModelFamily family, Hyperparameters hp) {
        int vocab = family == ModelFamily.TEXT_BAG ? hp.positive("vocabSize") : 0;
        int maxTokens = family == ModelFamily.TEXT_BAG ? hp.positive("maxTokens") : 0;
        Key key = new Key(ref.name(), ref.contentHash(), family, family == ModelFamily.EMBEDDING_MLP ? ref.encoder() : "", vocab, maxTokens);
        return sets.computeIfAbsent(key, k -> build(dataset(ref), family, ref.encoder(), vocab, maxTokens));
    }

    private TrainingSet build(Dataset dataset, ModelFamily family, String encoderName, int vocab, int maxTokens) {
        return switch (family) {
            case EXTERNAL -> throw new InvalidTrialException("model family external is trained by the workers of the study's own pool,"
                    + " not by the built-in worker");
            case MLP -> rows(dataset, null);
            case CNN -> {
                int[] shape = dataset.train().shape();
                if (shape.length != 3) {
                    throw new InvalidTrialException("model family cnn needs images, but dataset " + dataset.name() + " is " + dataset.kind());
                }
                yield rows(dataset, shape);
            }
            case EMBEDDING_MLP -> {
                EmbeddingCache cache = new EmbeddingCache(dataDir);
                try (Encoder encoder = Encoders.named(encoderName, dataset, EncoderOptions.defaults(dataDir))) {
                    float[][] train = cache.embeddings(dataset, SplitRole.TRAIN, encoder);
                    float[][] validation = cache.embeddings(dataset, SplitRole.VALIDATION, encoder);
                    float[][] test = cache.embeddings(dataset, SplitRole.TEST, encoder);
                    int[] width = {train[0].length};
                    yield onDevice(new Inputs.Rows(train, width), new Inputs.Rows(validation, width), new Inputs.Rows(test, width),
                            dataset);
                }
            }
            case TEXT_BAG -> onDevice(Inputs.TokenBags.of(dataset.train().texts(), vocab, maxTokens),
                    Inputs.TokenBags.of(dataset.validation().texts(), vocab, maxTokens),
                    Inputs.TokenBags.of(dataset.test().texts(), vocab, maxTokens), dataset);
        };
    }

    private TrainingSet rows(Dataset dataset, int[] shape) {
        float[][] train = dataset.train().features();
        int[] itemShape = shape != null ? shape : new int[] {train[0].length};
        return onDevice(new Inputs.Rows(train, itemShape), new Inputs.Rows(dataset.validation().features(), itemShape),
                new Inputs.Rows(dataset.test().features(), itemShape), dataset);
    }

    private TrainingSet onDevice(Inputs train, Inputs validation, Inputs test, Dataset dataset) {
        return new TrainingSet(DeviceSplit.of(train, dataset.train().labels(), device),
                DeviceSplit.of(validation, dataset.validation().labels(), device),
                DeviceSplit.of(test, dataset.test().labels(), device), dataset.numClasses());
    }
}
