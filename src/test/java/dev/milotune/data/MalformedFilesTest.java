package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file names the file, where it broke and what was expected there. */
class MalformedFilesTest {

    @TempDir
    Path dir;

    @Test
    void truncatedIdxNamesTheByteWhereItEnded() throws Exception {
        byte[] images = gunzip(fixture("fashion-mnist/t10k-images-idx3-ubyte.gz"));
        byte[] cut = Arrays.copyOf(images, 16 + 784 * 5 + 100);

        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(cut), "t10k-images"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("t10k-images")
                .hasMessageContaining("byte " + (16 + 784 * 5 + 100))
                .hasMessageContaining("truncated")
                .hasMessageContaining("image 5 of 200");
    }

    @Test
    void truncatedGzipIsReportedInDecompressedBytes() {
        byte[] gz = fixture("fashion-mnist/t10k-images-idx3-ubyte.gz");
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);

        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(cut), "half.gz"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("half.gz")
                .hasMessageContaining("of the decompressed data");
    }

    @Test
    void wrongMagicSaysWhatWasExpected() {
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 3, 4};

        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(labels), "labels-as-images"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("labels-as-images, byte 3: expected 3 dimensions (images), found 1");
        assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream("PK\3\4".getBytes(StandardCharsets.ISO_8859_1)), "zip"))
                .hasMessageContaining("zip, byte 0: expected an IDX magic number starting 00 00");
    }

    @Test
    void brokenJsonLineNamesTheLine() throws Exception {
        Path file = write("reviews.jsonl", "{\"text\": \"fine\", \"label\": \"pos\"}\n{\"text\": \"broken\", \"label\": }\n");

        assertThatThrownBy(() -> Datasets.load(UserDatasetSpec.text("mine", file, Optional.empty(), "text", "label"),
                SplitSpec.defaults()))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected one JSON object a line");
    }

    @Test
    void unclosedJsonArrayIsTruncated() throws Exception {
        Path file = write("reviews.json", "[{\"text\": \"a\", \"label\": 1},\n {\"text\": \"b\", \"label\": 0}");

        assertThatThrownBy(() -> Datasets.load(UserDatasetSpec.text("mine", file, Optional.empty(), "text", "label"),
                SplitSpec.defaults()))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("truncated");
    }

    @Test
    void missingFieldNamesTheFieldAndTheFieldsPresent() throws Exception {
        Path file = write("reviews.json", "[{\"text\": \"a\", \"label\": 1},\n {\"body\": \"b\", \"label\": 0}]");

        assertThatThrownBy(() -> Datasets.load(UserDatasetSpec.text("mine", file, Optional.empty(), "text", "label"),
                SplitSpec.defaults()))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("field 'text'")
                .hasMessageContaining("[body, label]");
    }

    @Test
    void csvRowWithTooFewFieldsAndNonNumericFeature() throws Exception {
        Path short_ = write("short.csv", "a,b,label\n1,2,x\n3,\"4,5\",y\n6,7\n");
        Path text = write("text.csv", "a,b,label\n1,2,x\n3,four,y\n");

        assertThatThrownBy(() -> Datasets.load(UserDatasetSpec.tabular("t", short_, Optional.empty(), "label", List.of()),
                SplitSpec.defaults()))
                .hasMessage(short_ + ", line 4: expected 3 fields as in the header, found 2");
        assertThatThrownBy(() -> Datasets.load(UserDatasetSpec.tabular("t", text, Optional.empty(), "label", List.of()),
                SplitSpec.defaults()))
                .hasMessage(text + ", line 3: expected a number in field 'b', found 'four'");
    }

    @Test
    void wellFormedUserFilesLoad() throws Exception {
        StringBuilder csv = new StringBuilder("x,y,\"class\"\n");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
            jsonl.append("{\"review\": \"text ").append(i).append(", with \\\"quotes\\\"\", \"stars\": ").append(i % 3 + 1).append("}\n");
        }
        Path table = write("numbers.csv", csv.toString());
        Path texts = write("reviews.jsonl.gz", jsonl.toString());

        Dataset tabular = Datasets.load(UserDatasetSpec.tabular("numbers", table, Optional.empty(), "class", List.of()),
                SplitSpec.defaults());
        Dataset text = Datasets.load(new UserDatasetSpec("reviews", DatasetKind.TEXT, FileFormat.JSONL, texts,
                Optional.empty(), "stars", Optional.of("review"), List.of()), SplitSpec.defaults());

        assertThat(tabular.kind()).isEqualTo(DatasetKind.TABULAR);
        assertThat(tabular.classNames()).containsExactly("even", "odd");
        assertThat(tabular.train().shape()).containsExactly(2);
        assertThat(tabular.test().size()).isEqualTo(20);
        assertThat(text.classNames()).containsExactly("1", "2", "3");
        assertThat(text.train().texts()).allMatch(t -> t.startsWith("text ") && t.endsWith("\"quotes\""));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (name.endsWith(".gz")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            bytes = out.toByteArray();
        }
        Files.write(file, bytes);
        return file;
    }

    private static byte[] fixture(String path) {
        try (InputStream in = MalformedFilesTest.class.getResourceAsStream("/fixtures/" + path)) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
