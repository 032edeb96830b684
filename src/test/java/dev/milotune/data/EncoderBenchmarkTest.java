package dev.milotune.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The numbers of docs/data.md: encoder throughput and kNN (k = 10) validation accuracy of each
 * image encoder candidate on Fashion-MNIST and of MiniLM on IMDB. Heavy (about 15 minutes on 2
 * cores); fetches the sets first. Run:
 * {@code mvn test -Pheavy -Dtest=EncoderBenchmarkTest}; results go to target/data-benchmark.md.
 */
@Tag("heavy")
class EncoderBenchmarkTest {

    private static final int K = 10;
    private static final int IMDB_TRAIN_SUBSET = Integer.getInteger("benchmark.imdbTrain", 5_000);
    private static final int IMDB_VALIDATION_SUBSET = Integer.getInteger("benchmark.imdbValidation", 1_000);

    private final List<String> lines = new ArrayList<>();

    @Test
    void measureEncoders() throws IOException {
        RealDatasetsTest.fetchAll();
        DataDirectory dataDir = RealDatasetsTest.dataDir();
        EncoderOptions options = EncoderOptions.defaults(dataDir);
        header();
        if (!Boolean.getBoolean("benchmark.textOnly")) {
            measureImages(dataDir, options);
        }
        measureText(dataDir, options);
        line("load average at the end (other processes share the cores): " + Files.readString(Path.of("/proc/loadavg")).strip());
        Files.write(Path.of("target", "data-benchmark.md"), lines);
    }

    private void header() throws IOException {
        line("# data benchmark, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", load average "
                + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private void measureImages(DataDirectory dataDir, EncoderOptions options) {
        long start = System.nanoTime();
        Dataset fashion = Datasets.load("fashion-mnist", dataDir, SplitSpec.defaults());
        double load = seconds(start);
        line(String.format(Locale.ROOT, "load fashion-mnist (sha256 check, gunzip, split): %.1f s; content hash: %.1f s",
                load, timeHash(fashion)));
        imageCandidate("raw pixels (784)", fashion, Encoders.forDataset(fashion, options.withImageEncoder(ImageEncoderChoice.RAW_PIXELS)));
        start = System.nanoTime();
        Encoder pca = Encoders.forDataset(fashion, options);
        line(String.format(Locale.ROOT, "pixel-pca fit (54,000 x 784, k = 128): %.1f s", seconds(start)));
        imageCandidate("pixel-pca k=128", fashion, pca);
        start = System.nanoTime();
        Encoder cnn = Encoders.forDataset(fashion, options.withImageEncoder(ImageEncoderChoice.MNIST_CNN));
        line(String.format(Locale.ROOT, "mnist-cnn pre-training on MNIST (or loading saved weights): %.1f s", seconds(start)));
        imageCandidate("mnist-cnn (128)", fashion, cnn);
    }

    private void measureText(DataDirectory dataDir, EncoderOptions options) {
        Dataset imdb = Datasets.load("imdb", dataDir, SplitSpec.defaults());
        List<String> shortSentences = shortSentences(imdb.train().texts(), 2_000);
        try (Encoder miniLm = Encoders.text(options)) {
            rate("minilm short sentences (" + shortSentences.size() + ", mean "
                    + shortSentences.stream().mapToInt(s -> s.split(" ").length).average().orElse(0) + " words), batch 64",
                    miniLm, new Items.Texts(shortSentences));
            Split train = imdb.train().select(range(IMDB_TRAIN_SUBSET));
            Split validation = imdb.validation().select(range(IMDB_VALIDATION_SUBSET));
            float[][] trainVectors = rate("minilm IMDB reviews, max 256 tokens (train subset)", miniLm, train.items());
            float[][] validationVectors = miniLm.embed(validation.items());
            line(String.format(Locale.ROOT, "minilm IMDB kNN k=%d accuracy: %.2f%% (first %d train, first %d validation)",
                    K, 100 * knn(trainVectors, train.labels(), validationVectors, validation.labels()),
                    IMDB_TRAIN_SUBSET, IMDB_VALIDATION_SUBSET));
        }
        try (Encoder miniLm128 = Encoders.text(options.withMaxTokens(128))) {
            rate("minilm IMDB reviews, max 128 tokens (first " + IMDB_VALIDATION_SUBSET + " train)", miniLm128,
                    imdb.train().select(range(IMDB_VALIDATION_SUBSET)).items());
        }
    }

    private void imageCandidate(String name, Dataset dataset, Encoder encoder) {
        try (encoder) {
            float[][] train = rate(name + " embed train (54,000)", encoder, dataset.train().items());
            float[][] validation = encoder.embed(dataset.validation().items());
            long start = System.nanoTime();
            double accuracy = knn(train, dataset.train().labels(), validation, dataset.validation().labels());
            line(String.format(Locale.ROOT, "%s: kNN k=%d validation accuracy %.2f%% (6,000 validation vs 54,000 train; kNN %.0f s)",
                    name, K, 100 * accuracy, seconds(start)));
        }
    }

    private float[][] rate(String what, Encoder encoder, Items items) {
        long start = System.nanoTime();
        float[][] vectors = encoder.embed(items);
        double took = seconds(start);
        line(String.format(Locale.ROOT, "%s: %d items in %.1f s = %.1f items/s", what, items.size(), took, items.size() / took));
        return vectors;
    }

    /** Exact kNN by blocks: squared distances from |t|^2 - 2 q.t with an ND4J gemm, then a top-k scan. */
    private static double knn(float[][] train, int[] trainLabels, float[][] queries, int[] queryLabels) {
        INDArray t = Nd4j.create(train);
        INDArray norms = t.mul(t).sum(1).reshape(1, train.length);
        int correct = 0;
        int numClasses = Arrays.stream(trainLabels).max().orElse(0) + 1;
        for (int from = 0; from < queries.length; from += 500) {
            int to = Math.min(queries.length, from + 500);
            INDArray q = Nd4j.create(Arrays.copyOfRange(queries, from, to));
            float[][] distances = q.mmul(t.transpose()).muli(-2).addiRowVector(norms).toFloatMatrix();
            for (int i = 0; i < distances.length; i++) {
                if (vote(distances[i], trainLabels, numClasses) == queryLabels[from + i]) {
                    correct++;
                }
            }
        }
        return (double) correct / queries.length;
    }

    private static int vote(float[] distances, int[] labels, int numClasses) {
        float[] best = new float[K];
        int[] bestLabel = new int[K];
        Arrays.fill(best, Float.MAX_VALUE);
        for (int i = 0; i < distances.length; i++) {
            float d = distances[i];
            if (d < best[K - 1]) {
                int slot = K - 1;
                while (slot > 0 && best[slot - 1] > d) {
                    best[slot] = best[slot - 1];
                    bestLabel[slot] = bestLabel[slot - 1];
                    slot--;
                }
                best[slot] = d;
                bestLabel[slot] = labels[i];
            }
        }
        int[] votes = new int[numClasses];
        int winner = bestLabel[0];
        for (int label : bestLabel) {
            votes[label]++;
        }
        for (int label : bestLabel) {
            if (votes[label] > votes[winner]) {
                winner = label;
            }
        }
        return winner;
    }

    /** First sentences of reviews, 5 to 20 words: stand-ins for short texts. */
    private static List<String> shortSentences(List<String> reviews, int count) {
        List<String> sentences = new ArrayList<>();
        for (String review : reviews) {
            String first = review.split("(?<=[.!?])\\s+")[0];
            int words = first.split("\\s+").length;
            if (words >= 5 && words <= 20) {
                sentences.add(first);
                if (sentences.size() == count) {
                    break;
                }
            }
        }
        return sentences;
    }

    private static double timeHash(Dataset dataset) {
        long start = System.nanoTime();
        dataset.contentHash();
        return seconds(start);
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private void line(String line) {
        System.out.println("[benchmark] " + line);
        lines.add(line);
    }
}
