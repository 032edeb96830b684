package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {

    @TempDir
    Path dir;

    private Dataset dataset;
    private CountingEncoder encoder;
    private EmbeddingCache cache;

    @BeforeEach
    void setUp() {
        dataset = Datasets.load("fixture-fashion-mnist", dir);
        encoder = new CountingEncoder(Encoders.pixelPca(dataset, 16));
        cache = new EmbeddingCache(dir.resolve("embeddings"));
    }

    @Test
    void missComputesOnceThenHitsReadTheFile() {
        float[][] first = cache.embeddings(dataset, SplitRole.TRAIN, encoder);
        float[][] second = cache.embeddings(dataset, SplitRole.TRAIN, encoder);
        float[][] afterRestart = new EmbeddingCache(dir.resolve("embeddings")).embeddings(dataset, SplitRole.TRAIN, encoder);

        assertThat(encoder.calls).hasValue(1);
        assertThat(first).hasNumberOfRows(dataset.train().size());
        assertThat(second).isDeepEqualTo(first);
        assertThat(afterRestart).isDeepEqualTo(first);
        assertThat(cache.fileFor(dataset, SplitRole.TRAIN, encoder)).exists();
    }

    @Test
    void aCacheHitNeverFitsThePca() {
        float[][] first = cache.embeddings(dataset, SplitRole.TRAIN, Encoders.pixelPca(dataset, 16));
        PixelPcaEncoder fresh = (PixelPcaEncoder) Encoders.pixelPca(dataset, 16);
        assertThat(fresh.version()).as("known before any fit").startsWith("k16.fit-");
        assertThat(cache.embeddings(dataset, SplitRole.TRAIN, fresh)).isDeepEqualTo(first);
        assertThat(fresh.fittedYet()).as("the hit read the file").isFalse();
        fresh.embed(dataset.validation().items());
        assertThat(fresh.fittedYet()).isTrue();
    }

    @Test
    void eachSplitAndEncoderVersionHasItsOwnEntry() {
        cache.embeddings(dataset, SplitRole.TRAIN, encoder);
        cache.embeddings(dataset, SplitRole.VALIDATION, encoder);
        CountingEncoder otherVersion = new CountingEncoder(Encoders.pixelPca(dataset, 8));
        cache.embeddings(dataset, SplitRole.TRAIN, otherVersion);

        assertThat(encoder.calls).hasValue(2);
        assertThat(otherVersion.calls).hasValue(1);
        assertThat(cache.fileFor(dataset, SplitRole.TRAIN, otherVersion))
                .isNotEqualTo(cache.fileFor(dataset, SplitRole.TRAIN, encoder));
    }

    @Test
    void corruptOrTruncatedFilesAreDetectedAndRecomputed() throws Exception {
        float[][] original = cache.embeddings(dataset, SplitRole.VALIDATION, encoder);
        Path file = cache.fileFor(dataset, SplitRole.VALIDATION, encoder);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        assertThat(cache.cached(dataset, SplitRole.VALIDATION, encoder)).isEmpty();
        assertThat(cache.embeddings(dataset, SplitRole.VALIDATION, encoder)).isDeepEqualTo(original);
        assertThat(encoder.calls).hasValue(2);

        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
        assertThat(cache.embeddings(dataset, SplitRole.VALIDATION, encoder)).isDeepEqualTo(original);
        assertThat(encoder.calls).hasValue(3);
        assertThat(cache.cached(dataset, SplitRole.VALIDATION, encoder)).isPresent();
    }

    @Test
    void pcaIsDeterministicAndKeepsClassStructure() {
        float[][] again = Encoders.pixelPca(dataset, 16).embed(dataset.validation().items());
        float[][] once = encoder.embed(dataset.validation().items());

        assertThat(again).isDeepEqualTo(once);
        assertThat(Knn.accuracy(encoder.embed(dataset.train().items()), dataset.train().labels(), once,
                dataset.validation().labels(), 10)).isGreaterThan(0.6);
    }

    /** A real encoder that counts how often it is asked to embed. */
    private static final class CountingEncoder implements Encoder {
        private final Encoder delegate;
        private final AtomicInteger calls = new AtomicInteger();

        CountingEncoder(Encoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public String version() {
            return delegate.version();
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public DatasetKind accepts() {
            return delegate.accepts();
        }

        @Override
        public float[][] embed(Items items, ProgressListener progress) {
            calls.incrementAndGet();
            return delegate.embed(items, progress);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
