package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dataDir;

    @Test
    void fashionMnistFixtureHasImagesOfTenClassesWithOfficialTestKept() {
        Dataset dataset = Datasets.load("fixture-fashion-mnist", dataDir);

        assertThat(dataset.kind()).isEqualTo(DatasetKind.IMAGE);
        assertThat(dataset.classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(dataset.test().size()).isEqualTo(200);
        assertThat(dataset.test().classCounts(10)).containsOnly(20);
        assertThat(dataset.train().size() + dataset.validation().size()).isEqualTo(800);
        assertThat(dataset.validation().classCounts(10)).containsOnly(8);
        assertThat(dataset.train().shape()).containsExactly(1, 28, 28);
        assertThat(dataset.train().features()[0]).hasSize(784);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] row : dataset.train().features()) {
            for (float value : row) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void mnistFixtureHasDigits() {
        Dataset dataset = Datasets.load("fixture-mnist", dataDir);

        assertThat(dataset.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(dataset.train().size() + dataset.validation().size()).isEqualTo(500);
        assertThat(dataset.test().classCounts(10)).containsOnly(10);
    }

    @Test
    void imdbFixtureIsCleanedMixedAndBalanced() {
        Dataset dataset = Datasets.load("fixture-imdb", dataDir);

        assertThat(dataset.kind()).isEqualTo(DatasetKind.TEXT);
        assertThat(dataset.classNames()).containsExactly("negative", "positive");
        int total = dataset.train().size() + dataset.validation().size() + dataset.test().size();
        assertThat(total).isEqualTo(300);
        assertThat(dataset.test().classCounts(2)).containsExactly(30, 30);
        assertThat(dataset.train().texts()).noneMatch(text -> text.contains("<br"));
        int[] firstTen = java.util.Arrays.copyOf(dataset.train().labels(), 10);
        assertThat(firstTen).as("the package is sorted by label; the loader must mix it").contains(0, 1);
    }

    @Test
    void spamFixtureLosesItsHeaders() {
        Dataset dataset = Datasets.load("fixture-spam-assassin", dataDir);

        assertThat(dataset.classNames()).containsExactly("ham", "spam");
        int[] counts = new int[2];
        for (Split split : java.util.List.of(dataset.train(), dataset.validation(), dataset.test())) {
            int[] c = split.classCounts(2);
            counts[0] += c[0];
            counts[1] += c[1];
        }
        assertThat(counts).containsExactly(137, 63);
        assertThat(dataset.train().texts()).noneMatch(text -> text.startsWith("From ") || text.contains("\nReceived: from"));
    }

    @Test
    void contentHashIsStableAndFollowsTheSplit() {
        Dataset first = Datasets.load("fixture-mnist", dataDir);
        Dataset again = Datasets.load("fixture-mnist", dataDir);
        Dataset otherSeed = Datasets.load("fixture-mnist", new DataDirectory(dataDir), SplitSpec.defaults().withSeed(7));

        assertThat(first.contentHash()).hasSize(64).isEqualTo(again.contentHash());
        assertThat(otherSeed.contentHash()).isNotEqualTo(first.contentHash());
    }

    @Test
    void unknownAndUnfetchedNamesSayWhatToDo() {
        assertThatThrownBy(() -> Datasets.load("cifar-10", dataDir))
                .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("fashion-mnist");
        assertThatThrownBy(() -> Datasets.load("mnist", dataDir))
                .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("milotune fetch mnist");
    }

    @Test
    void anImdbSliceKeepsTheFirstReviewsOfTheFixedOrder() throws Exception {
        Dataset full = Datasets.load("fixture-imdb", dataDir);
        Dataset slice;
        try (var gz = DatasetsTest.class.getResourceAsStream("/fixtures/imdb/reviews.json.gz")) {
            slice = Catalogue.imdb("slice", gz, "reviews.json.gz", 100, SplitSpec.defaults());
        }
        java.util.List<String> sliced = new java.util.ArrayList<>();
        java.util.List<String> all = new java.util.ArrayList<>();
        int[] perClass = new int[2];
        for (SplitRole role : SplitRole.values()) {
            sliced.addAll(slice.split(role).texts());
            all.addAll(full.split(role).texts());
            int[] counts = slice.split(role).classCounts(2);
            perClass[0] += counts[0];
            perClass[1] += counts[1];
        }
        assertThat(sliced).hasSize(100).doesNotHaveDuplicates();
        assertThat(all).containsAll(sliced);
        assertThat(java.util.Arrays.stream(perClass).boxed().toList()).as("the fixed order mixes the classes, so a prefix holds both")
                .allMatch(n -> n >= 30);
        assertThat(slice.contentHash()).isNotEqualTo(full.contentHash());
    }

    @Test
    void catalogueListsRealSetsAndFixtures() {
        assertThat(Datasets.catalogue(new DataDirectory(dataDir)))
                .extracting(DatasetInfo::name, DatasetInfo::available)
                .contains(org.assertj.core.groups.Tuple.tuple("mnist", false),
                        org.assertj.core.groups.Tuple.tuple("fixture-imdb", true));
    }
}
