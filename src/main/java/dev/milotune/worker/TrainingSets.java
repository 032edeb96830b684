package dev.milotune.worker;

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
 * Datasets in the form each model family trains on, loaded once per process: feature rows for
 * {@code mlp}, images for {@code cnn}, the encoder's embeddings for {@code embedding-mlp}, hashed
 * token bags for {@code text-bag}. A dataset whose content hash differs from the task's is refused.
 */
final class TrainingSets {

    /** The splits of a dataset as network inputs, with labels. */
    record TrainingSet(Inputs train, int[] trainLabels, Inputs validation, int[] validationLabels, Inputs test,
            int[] testLabels, int numClasses) {
    }

    private record Key(String dataset, String hash, ModelFamily family, String encoder, int vocabSize, int maxTokens) {
    }

    private final DataDirectory dataDir;
    private final ConcurrentHashMap<String, Dataset> datasets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, TrainingSet> sets = new ConcurrentHashMap<>();

    TrainingSets(DataDirectory dataDir) {
        this.dataDir = dataDir;
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
                    yield new TrainingSet(new Inputs.Rows(train, width), dataset.train().labels(),
                            new Inputs.Rows(validation, width), dataset.validation().labels(),
                            new Inputs.Rows(test, width), dataset.test().labels(), dataset.numClasses());
                }
            }
            case TEXT_BAG -> new TrainingSet(
                    Inputs.TokenBags.of(dataset.train().texts(), vocab, maxTokens), dataset.train().labels(),
                    Inputs.TokenBags.of(dataset.validation().texts(), vocab, maxTokens), dataset.validation().labels(),
                    Inputs.TokenBags.of(dataset.test().texts(), vocab, maxTokens), dataset.test().labels(), dataset.numClasses());
        };
    }

    private static TrainingSet rows(Dataset dataset, int[] shape) {
        float[][] train = dataset.train().features();
        int[] itemShape = shape != null ? shape : new int[] {train[0].length};
        return new TrainingSet(new Inputs.Rows(train, itemShape), dataset.train().labels(),
                new Inputs.Rows(dataset.validation().features(), itemShape), dataset.validation().labels(),
                new Inputs.Rows(dataset.test().features(), itemShape), dataset.test().labels(), dataset.numClasses());
    }
}
