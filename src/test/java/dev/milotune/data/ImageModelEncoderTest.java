package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageModelEncoderTest {

    private static final int DIMENSION = 8;

    @TempDir
    Path dir;

    @Test
    void torchScriptModelMadeByTheTestEmbedsImages() throws Exception {
        float[] w = TestModels.weights(DIMENSION, 1);
        Path file = TestModels.torchScript(dir.resolve("embedder.pt"), w, DIMENSION);

        checkModel(new ImageModelSpec(file, ImageModelSpec.Format.TORCHSCRIPT, 1, 28, 28), w, "torchscript-");
    }

    @Test
    void onnxModelMadeByTheTestEmbedsImages() throws Exception {
        float[] w = TestModels.weights(DIMENSION, 2);
        Path file = TestModels.onnx(dir.resolve("embedder.onnx"), w, DIMENSION);

        checkModel(new ImageModelSpec(file, ImageModelSpec.Format.ONNX, 1, 28, 28), w, "onnx-");
    }

    private void checkModel(ImageModelSpec spec, float[] w, String versionPrefix) {
        Dataset dataset = Datasets.load("fixture-fashion-mnist", dir);
        EncoderOptions options = EncoderOptions.defaults(TestData.directory()).withImageModel(spec).withBatchSize(50);
        try (Encoder encoder = Encoders.forDataset(dataset, options)) {
            float[][] embeddings = encoder.embed(dataset.test().items());

            assertThat(encoder.id()).isEqualTo("image-model");
            assertThat(encoder.version()).startsWith(versionPrefix).endsWith(".in1x28x28");
            assertThat(encoder.dimension()).isEqualTo(DIMENSION);
            assertThat(embeddings).hasNumberOfRows(200);
            for (int i : new int[] {0, 77, 199}) {
                float[] expected = TestModels.expected(dataset.test().features()[i], w, DIMENSION);
                for (int j = 0; j < DIMENSION; j++) {
                    assertThat(embeddings[i][j]).isCloseTo(expected[j], within(1e-3f));
                }
            }
        }
    }
}
