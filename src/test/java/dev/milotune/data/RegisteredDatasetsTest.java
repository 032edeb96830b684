package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.milotune.selection.ContentHash;
import dev.milotune.testing.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploaded embeddings and labels: the rules they must meet, where each break is reported, and how they are stored. */
class RegisteredDatasetsTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    RegisteredDatasets store;
    float[][] rows;
    int[] labels;

    @BeforeEach
    void data() {
        store = new RegisteredDatasets(new DataDirectory(dir.resolve("data")));
        SplittableRandom random = new SplittableRandom(3);
        rows = new float[30][5];
        labels = new int[30];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < 5; k++) {
                rows[i][k] = (float) random.nextGaussian();
            }
        }
    }

    @Test
    void storesWholeAndHashesTheContentAsThePlanKeyDoes() throws IOException {
        Registration registration = store.register("clip-set", file("e.npy", NpyWriter.float32(rows)), file("y.npy", NpyWriter.int64(labels)),
                Optional.of(List.of("cat", "dog", "fox")), "alice", NOW);

        RegisteredDataset dataset = ((Registration.Created) registration).dataset();
        assertThat(dataset.numItems()).isEqualTo(30);
        assertThat(dataset.dimension()).isEqualTo(5);
        assertThat(dataset.classNames()).containsExactly("cat", "dog", "fox");
        assertThat(dataset.embeddingsHash()).isEqualTo(ContentHash.ofEmbeddings(rows));
        assertThat(dataset.labelsHash()).isEqualTo(ContentHash.ofLabels(labels));
        assertThat(store.find("clip-set")).contains(dataset);
        assertThat(store.list()).containsExactly(dataset);
        assertThat(store.embeddings(dataset)).isDeepEqualTo(rows);
        assertThat(store.labels(dataset)).containsExactly(labels);
        Path stored = dir.resolve("data/datasets/user/clip-set");
        assertThat(stored.resolve("embeddings.npy")).exists();
        assertThat(stored.resolve("dataset.json")).content().contains("\"encoder\" : \"user-supplied\"", "\"owner\" : \"alice\"");
        assertThat(dir.resolve("e.npy")).doesNotExist();
    }

    @Test
    void theSameContentAgainChangesNothingOtherContentIsAConflict() throws IOException {
        RegisteredDataset first = store.register("set", file("e.npy", NpyWriter.float32(rows)), file("y.npy", NpyWriter.int64(labels)),
                Optional.empty(), "alice", NOW).dataset();
        assertThat(first.classNames()).containsExactly("0", "1", "2");

        // The same labels as single bytes: the content, not the file, is what is compared.
        Registration again = store.register("set", file("e.npy", NpyWriter.float32(rows)), file("y.npy", NpyWriter.uint8(labels)),
                Optional.of(List.of("0", "1", "2")), "bob", NOW.plusSeconds(60));
        assertThat(again).isEqualTo(new Registration.Unchanged(first));

        rows[7][2] += 1;
        Registration other = store.register("set", file("e.npy", NpyWriter.float32(rows)), file("y.npy", NpyWriter.int64(labels)),
                Optional.empty(), "bob", NOW);
        assertThat(other).isInstanceOf(Registration.Conflict.class);
        assertThat(other.dataset()).isEqualTo(first);
        assertThat(((Registration.Conflict) other).uploadedContentHash()).isNotEqualTo(first.contentHash());
        assertThat(store.embeddings(first)[7][2]).isEqualTo(rows[7][2] - 1);
    }

    @Test
    void embeddingsBreakingARuleAreReportedByPartWhereAndRule() {
        assertRefused(NpyWriter.npy("<f8", "(30, 5)", new byte[30 * 5 * 8]), NpyWriter.int64(labels),
                "embeddings, header: the dtype is '<f8', but embeddings must be little-endian float32 '<f4'");
        assertRefused(NpyWriter.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (30, 5), }", new byte[30 * 5 * 4]),
                NpyWriter.int64(labels), "embeddings, header: the array is in Fortran order, but embeddings must be in C order");
        assertRefused(NpyWriter.float32(new float[][] {{1, 2}}), NpyWriter.int64(new int[] {0}),
                "embeddings, header: the shape is (1, 2), but N (rows) must be at least 2");
        float[][] nan = rows.clone();
        nan[12] = rows[12].clone();
        nan[12][3] = Float.NaN;
        byte[] withNan = NpyWriter.float32(nan);
        long nanByte = withNan.length - 30 * 5 * 4 + (12 * 5 + 3) * 4;
        assertRefused(withNan, NpyWriter.int64(labels), "embeddings, row 12 (byte " + nanByte + "): column 3 is NaN, but embeddings must be finite");
        float[][] zero = rows.clone();
        zero[29] = new float[5];
        assertRefused(NpyWriter.float32(zero), NpyWriter.int64(labels), "embeddings, row 29 (byte ");
        assertRefused(NpyWriter.float32(zero), NpyWriter.int64(labels), "the row is all zeros");
    }

    @Test
    void labelsBreakingARuleAreReportedByPartWhereAndRule() {
        byte[] embeddings = NpyWriter.float32(rows);
        assertRefused(embeddings, NpyWriter.int64(java.util.Arrays.copyOf(labels, 29)),
                "labels, header: the shape is (29,): 29 labels, but the embeddings have 30 rows; there must be one label a row");
        assertRefused(embeddings, NpyWriter.npy("<f4", "(30,)", new byte[120]), "labels, header: the dtype is '<f4', but labels must be"
                + " little-endian integers");
        assertRefused(embeddings, NpyWriter.npy("<i4", "(30, 1)", new byte[120]), "labels must be 1-D: (N,) (numpy: y.reshape(-1))");
        int[] negative = labels.clone();
        negative[4] = -1;
        byte[] file = NpyWriter.int64(negative);
        assertRefused(embeddings, file, "labels, row 4 (byte " + (file.length - 30 * 8 + 4 * 8) + "): label -1 is outside 0..99999");
        assertThatThrownBy(() -> store.register("set", this.file("e.npy", embeddings), this.file("y.npy", NpyWriter.int64(labels)),
                Optional.of(List.of("a", "b")), "alice", NOW))
                .hasMessageContaining("labels, row 2 (byte ").hasMessageContaining("label 2 is outside 0..1 (classNames lists 2)");
    }

    @Test
    void classNamesAreAJsonArrayOfDistinctNames() {
        assertThat(RegisteredDatasets.classNames("[\"cat\", \"dog\"]")).containsExactly("cat", "dog");
        assertThatThrownBy(() -> RegisteredDatasets.classNames("{\"a\": 1}")).hasMessageContaining("classNames, line 1: expected a JSON array");
        assertThatThrownBy(() -> RegisteredDatasets.classNames("[\"cat\", 3]")).hasMessageContaining("classNames, element 1: expected a name");
        assertThatThrownBy(() -> RegisteredDatasets.classNames("[\"cat\", \"cat\"]")).hasMessageContaining("'cat' is listed twice");
        assertThatThrownBy(() -> RegisteredDatasets.classNames("[\"cat\",")).hasMessageContaining("classNames, line 1, column");
    }

    @Test
    void noNameOutsideTheStoreAndNoCatalogueName() throws IOException {
        Path e = file("e.npy", NpyWriter.float32(rows));
        Path y = file("y.npy", NpyWriter.int64(labels));
        for (String name : List.of("../escape", ".uploads", "a/b", "")) {
            assertThatThrownBy(() -> store.register(name, e, y, Optional.empty(), "alice", NOW)).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.find(name)).isEmpty();
        }
        assertThatThrownBy(() -> store.register("mnist", e, y, Optional.empty(), "alice", NOW)).hasMessageContaining("catalogue");
    }

    private void assertRefused(byte[] embeddings, byte[] labelsFile, String message) {
        assertThatThrownBy(() -> store.register("set", file("e.npy", embeddings), file("y.npy", labelsFile), Optional.empty(), "alice", NOW))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining(message);
        assertThat(store.list()).isEmpty();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
