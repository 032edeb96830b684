package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 1,000 items of three classes in proportion 6:3:1, in blocks as IMDB's package has them. */
    private static final int[] LABELS = IntStream.range(0, 1000).map(i -> i < 600 ? 0 : i < 900 ? 1 : 2).toArray();

    @Test
    void heldOutShareOfEveryClassIsTheFraction() {
        StratifiedSplitter.Cut cut = StratifiedSplitter.cut(LABELS, 3, 0.1, 42);

        int[] counts = new int[3];
        for (int index : cut.heldOut()) {
            counts[LABELS[index]]++;
        }
        assertThat(counts).containsExactly(60, 30, 10);
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        StratifiedSplitter.Cut cut = StratifiedSplitter.cut(LABELS, 3, 0.25, 1);

        int[] all = IntStream.concat(Arrays.stream(cut.heldOut()), Arrays.stream(cut.kept())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(cut.heldOut()).isSorted();
        assertThat(cut.kept()).isSorted();
    }

    @Test
    void sameSeedSameCutOtherSeedOtherCut() {
        assertThat(StratifiedSplitter.cut(LABELS, 3, 0.1, 5).heldOut())
                .isEqualTo(StratifiedSplitter.cut(LABELS, 3, 0.1, 5).heldOut())
                .isNotEqualTo(StratifiedSplitter.cut(LABELS, 3, 0.1, 6).heldOut());
    }

    @Test
    void datasetWithoutTestGetsStratifiedDisjointSplits() {
        List<String> texts = IntStream.range(0, 1000).mapToObj(i -> "item " + i).toList();
        SplitSpec spec = new SplitSpec(3, 0.1, 0.2);

        Dataset dataset = Dataset.cut("blocks", DatasetKind.TEXT, List.of("a", "b", "c"), new Items.Texts(texts), LABELS,
                null, null, spec);
        Dataset again = Dataset.cut("blocks", DatasetKind.TEXT, List.of("a", "b", "c"), new Items.Texts(texts), LABELS,
                null, null, spec);

        assertThat(dataset.test().classCounts(3)).containsExactly(120, 60, 20);
        assertThat(dataset.validation().classCounts(3)).containsExactly(48, 24, 8);
        assertThat(dataset.train().classCounts(3)).containsExactly(432, 216, 72);
        assertThat(dataset.train().texts()).doesNotContainAnyElementsOf(dataset.validation().texts())
                .doesNotContainAnyElementsOf(dataset.test().texts());
        assertThat(dataset.validation().texts()).doesNotContainAnyElementsOf(dataset.test().texts());
        assertThat(again.validation().texts()).isEqualTo(dataset.validation().texts());
        assertThat(again.contentHash()).isEqualTo(dataset.contentHash());
    }
}
