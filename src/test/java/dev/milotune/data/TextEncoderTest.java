package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    private static Encoder encoder;

    @BeforeAll
    static void open() {
        encoder = Encoders.text(EncoderOptions.defaults(TestData.directory()).withBatchSize(4));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void similarMeaningsAreCloser() {
        float[][] v = encoder.embed(new Items.Texts(List.of("a cat", "a kitten", "the quarterly tax report is due on Monday")));

        assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.2);
    }

    @Test
    void vectorsAreUnitLengthDeterministicAndIndependentOfTheBatch() {
        String sentence = "The film was far too long, but the sea rescue scenes were terrific.";
        float[][] alone = encoder.embed(new Items.Texts(List.of(sentence)));
        float[][] batched = encoder.embed(new Items.Texts(List.of("short", sentence, "a much longer sentence that pads"
                + " every other one in its batch with many tokens of padding", "ok", "fifth")));

        assertThat(encoder.dimension()).isEqualTo(384);
        assertThat(alone[0]).hasSize(384);
        assertThat(cosine(alone[0], alone[0])).isCloseTo(1.0, within(1e-5));
        for (int d = 0; d < 384; d++) {
            assertThat(batched[1][d]).isCloseTo(alone[0][d], within(1e-4f));
        }
        assertThat(encoder.embed(new Items.Texts(List.of(sentence)))[0]).containsExactly(alone[0]);
        assertThat(encoder.version()).contains("max256");
    }

    @Test
    void reportsProgressPerBatch() {
        List<String> texts = List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        long[] last = new long[2];
        encoder.embed(new Items.Texts(texts), (done, total, rate) -> {
            last[0] = done;
            last[1] = total;
        });

        assertThat(last).containsExactly(9, 9);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
