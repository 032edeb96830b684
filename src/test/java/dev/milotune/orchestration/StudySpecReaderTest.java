package dev.milotune.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.StudySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bounded cost of one spec: hyperparameters inside their family's bounds, the largest model
 * within the training memory limit, grids within the grid limit, integers strict, strings short.
 * Each error names the field, the value and the rule.
 */
class StudySpecReaderTest {

    /** A valid spec with the model's family, fixed values and search space (and anything extra) filled in. */
    private static String spec(String family, String fixed, String searchSpace, String extra) {
        return """
                {
                  "name": "bounds",
                  "dataset": {"name": "fixture-fashion-mnist", "encoder": "pixel-pca"},
                  "model": {"family": "%s", "epochs": 4, "fixed": {%s}},
                  "searchSpace": {%s},
                  "sampler": {"type": "random"},
                  "scheduler": {"type": "asha", "r": 1, "R": 4, "eta": 2},
                  %s
                  "seed": 11
                }
                """.formatted(family, fixed, searchSpace, extra.isEmpty() ? "" : extra + ",");
    }

    private static final String LR = "\"lr\": {\"type\": \"float\", \"low\": 0.0005, \"high\": 0.05, \"log\": true}";

    private static InvalidSpecException rejected(String json) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> StudySpecReader.read(json, 0));
        assertThat(e).as("a spec that should have been rejected was accepted").isNotNull();
        return e;
    }

    @Test
    void theBaseSpecIsValid() {
        assertThatCode(() -> StudySpecReader.read(spec("mlp", "", LR, ""), 0)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mlp       | "hidden": 2100000       | model.fixed.hidden       | must be an integer in [1, 65536]
            mlp       | "hidden": 0             | model.fixed.hidden       | must be an integer in [1, 65536]
            mlp       | "hidden": 64.5          | model.fixed.hidden       | must be an integer in [1, 65536]
            mlp       | "hidden": "wide"        | model.fixed.hidden       | must be an integer in [1, 65536]
            mlp       | "layers": 17            | model.fixed.layers       | must be an integer in [1, 16]
            mlp       | "dropout": 1.0          | model.fixed.dropout      | must be a number in [0, 1)
            mlp       | "dropout": -0.1         | model.fixed.dropout      | must be a number in [0, 1)
            cnn       | "channels": 2048        | model.fixed.channels     | must be an integer in [1, 1024]
            cnn       | "convLayers": 5         | model.fixed.convLayers   | must be an integer in [1, 4]
            cnn       | "kernel": 4             | model.fixed.kernel       | must be an odd integer in [1, 7]
            cnn       | "kernel": 9             | model.fixed.kernel       | must be an odd integer in [1, 7]
            text-bag  | "embeddingDim": 5000    | model.fixed.embeddingDim | must be an integer in [1, 4096]
            text-bag  | "vocabSize": 3000000    | model.fixed.vocabSize    | must be an integer in [1, 2000000]
            text-bag  | "maxTokens": 5000       | model.fixed.maxTokens    | must be an integer in [1, 4096]
            mlp       | "batchSize": 100000     | model.fixed.batchSize    | must be an integer in [1, 65536]
            mlp       | "lr": 0                 | model.fixed.lr           | must be a number in (0, 10]
            mlp       | "lr": 11                | model.fixed.lr           | must be a number in (0, 10]
            mlp       | "momentum": 1.5         | model.fixed.momentum     | must be a number in [0, 1]
            mlp       | "weightDecay": 2        | model.fixed.weightDecay  | must be a number in [0, 1]
            mlp       | "stepSize": 0           | model.fixed.stepSize     | must be an integer in [1, 1000]
            mlp       | "gamma": 0              | model.fixed.gamma        | must be a number in (0, 1]
            mlp       | "gamma": 1.5            | model.fixed.gamma        | must be a number in (0, 1]
            """)
    void aFixedValueOutsideItsBoundIsRejected(String family, String fixed, String field, String rule) {
        InvalidSpecException e = rejected(spec(family, fixed, LR, ""));
        assertThat(e.field()).as(fixed).isEqualTo(field);
        assertThat(e.rule()).as(fixed).startsWith(rule);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mlp | "hidden": {"type": "int", "low": 16, "high": 2100000}               | searchSpace.hidden.high    | must be an integer in [1, 65536]
            mlp | "hidden": {"type": "int", "low": 0, "high": 64}                     | searchSpace.hidden.low     | must be an integer in [1, 65536]
            mlp | "hidden": {"type": "categorical", "choices": [64, 2100000]}         | searchSpace.hidden.choices | must be an integer in [1, 65536]
            mlp | "hidden": {"type": "float", "low": 16, "high": 64}                  | searchSpace.hidden.type    | must be int or categorical
            mlp | "lr": {"type": "float", "low": 0.001, "high": 100, "log": true}     | searchSpace.lr.high        | must be a number in (0, 10]
            mlp | "dropout": {"type": "float", "low": 0, "high": 1}                   | searchSpace.dropout.high   | must be a number in [0, 1)
            cnn | "kernel": {"type": "int", "low": 1, "high": 7}                      | searchSpace.kernel.step    | must be even
            cnn | "convLayers": {"type": "int", "low": 1, "high": 6}                  | searchSpace.convLayers.high | must be an integer in [1, 4]
            """)
    void aSearchRangeOutsideItsBoundIsRejected(String family, String parameter, String field, String rule) {
        InvalidSpecException e = rejected(spec(family, "", parameter, ""));
        assertThat(e.field()).as(parameter).isEqualTo(field);
        assertThat(e.rule()).as(parameter).startsWith(rule);
    }

    @Test
    void anOddKernelRangeIsAccepted() {
        assertThatCode(() -> StudySpecReader.read(spec("cnn", "", "\"kernel\": {\"type\": \"int\", \"low\": 1, \"high\": 7, \"step\": 2}", ""), 0))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mlp      | "hidden": 65536, "layers": 16                              | model.fixed.hidden
            mlp      | "hidden": 8192, "layers": 4                                | model.fixed.hidden
            text-bag | "vocabSize": 2000000, "embeddingDim": 4096                 | model.fixed.vocabSize
            text-bag | "batchSize": 65536                                         | model.fixed.batchSize
            cnn      | "channels": 1024, "convLayers": 4, "kernel": 7             | model.fixed.channels
            """)
    void aModelTooLargeToTrainIsRejected(String family, String fixed, String field) {
        InvalidSpecException e = rejected(spec(family, fixed, LR, ""));
        assertThat(e.field()).as(fixed).contains(field);
        assertThat(e.value().toString()).as(fixed).contains("GiB");
        assertThat(e.rule()).as(fixed).contains("must need at most 2 GiB to train");
    }

    @Test
    void theLargestModelOfASearchRangeCounts() {
        InvalidSpecException e = rejected(spec("mlp", "\"layers\": 4", "\"hidden\": {\"type\": \"int\", \"low\": 16, \"high\": 16384, \"log\": true}", ""));
        assertThat(e.field()).contains("searchSpace.hidden").contains("model.fixed.layers");
    }

    @Test
    void fewerConvBlocksCanMakeTheLargerModel() {
        // One conv block leaves a 14 x 14 map for the dense layer; four leave 1 x 1.
        String fixed = "\"channels\": 64, \"hidden\": 65536";
        assertThatCode(() -> StudySpecReader.read(spec("cnn", fixed + ", \"convLayers\": 4", LR, ""), 0)).doesNotThrowAnyException();
        InvalidSpecException e = rejected(spec("cnn", fixed, LR + ", \"convLayers\": {\"type\": \"int\", \"low\": 1, \"high\": 4}", ""));
        assertThat(e.field()).contains("searchSpace.convLayers");
    }

    @Test
    void aGridLargerThanTheLimitIsRejectedAtValidation() {
        String space = """
                "hidden": {"type": "int", "low": 1, "high": 1000},
                "batchSize": {"type": "int", "low": 1, "high": 1000}
                """;
        InvalidSpecException e = rejected(spec("mlp", "", space, "").replace("\"random\"", "\"grid\""));
        assertThat(e.field()).isEqualTo("searchSpace");
        assertThat(e.value()).isEqualTo("1000000 grid points");
        assertThat(e.rule()).startsWith("must have at most 100000 grid points");
        assertThatCode(() -> StudySpecReader.read(spec("mlp", "", space, "").replace("\"random\"", "\"tpe\""), 0)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "maxTrials": 18446744073709551621     | maxTrials             | 18446744073709551621 | must be an integer between
            "maxTrials": 4294967301               | maxTrials             | 4294967301           | must be an integer between -2147483648 and 2147483647
            "maxTrials": 5.5                      | maxTrials             | 5.5                  | must be an integer
            "maxTrials": 1e30                     | maxTrials             | 1.0E30               | must be an integer between
            "maxConcurrentTrials": -18446744073709551614 | maxConcurrentTrials | -18446744073709551614 | must be an integer between
            """)
    void anIntegerThatDoesNotFitIsRejectedNotWrapped(String extra, String field, String value, String rule) {
        InvalidSpecException e = rejected(spec("mlp", "", LR, extra));
        assertThat(e.field()).as(extra).isEqualTo(field);
        assertThat(String.valueOf(e.value())).as(extra).isEqualTo(value);
        assertThat(e.rule()).as(extra).startsWith(rule);
    }

    @Test
    void aSeedThatDoesNotFitIsRejectedNotWrapped() {
        InvalidSpecException e = rejected(spec("mlp", "", LR, "").replace("\"seed\": 11", "\"seed\": 18446744073709551627"));
        assertThat(e.field()).isEqualTo("seed");
        assertThat(e.value()).isEqualTo("18446744073709551627");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fixed  | model.fixed.batchSize
            range  | searchSpace.hidden.high
            choice | searchSpace.hidden.choices
            """)
    void aHyperparameterIntegerBeyond64BitsIsRejectedNotWrapped(String where, String field) {
        String huge = "18446744073709551649";
        String json = switch (where) {
            case "fixed" -> spec("mlp", "\"batchSize\": " + huge, LR, "");
            case "range" -> spec("mlp", "", LR + ", \"hidden\": {\"type\": \"int\", \"low\": 16, \"high\": " + huge + "}", "");
            default -> spec("mlp", "", LR + ", \"hidden\": {\"type\": \"categorical\", \"choices\": [64, " + huge + "]}", "");
        };
        InvalidSpecException e = rejected(json);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(huge);
    }

    @Test
    void aLongCategoricalStringIsRejectedAndNotEchoedWhole() {
        String longChoice = "a".repeat(70_000);
        InvalidSpecException e = rejected(spec("mlp", "",
                LR + ", \"optimizer\": {\"type\": \"categorical\", \"choices\": [\"adam\", \"" + longChoice + "\"]}", ""));
        assertThat(e.field()).isEqualTo("searchSpace.optimizer.choices");
        assertThat(e.rule()).isEqualTo("must be at most 200 characters");
        assertThat(e.getMessage()).hasSizeLessThan(300);
    }

    @Test
    void aLongStringChoiceForANumericHyperparameterIsRejected() {
        InvalidSpecException e = rejected(spec("mlp", "",
                LR + ", \"hidden\": {\"type\": \"categorical\", \"choices\": [64, \"" + "x".repeat(150) + "\"]}", ""));
        assertThat(e.field()).isEqualTo("searchSpace.hidden.choices");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDatasetNames")
    void aDatasetNameOutsideTheNameRuleIsRejected(String name) {
        InvalidSpecException e = rejected(spec("mlp", "", LR, "").replace("fixture-fashion-mnist", name));
        assertThat(e.field()).isEqualTo("dataset.name");
        assertThat(e.rule()).startsWith("must match [a-z0-9][a-z0-9._-]{0,99}");
        assertThat(e.getMessage()).hasSizeLessThan(300);
    }

    static Stream<String> badDatasetNames() {
        return Stream.of("d".repeat(1_000_000), "d".repeat(101), "Fashion-MNIST", "-mnist", "mnist\\nINFO forged", "../etc", "");
    }

    @Test
    void everyExampleSpecIsStillAccepted() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).filter(StudySpecReaderTest::isStudySpec).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            StudySpec spec = StudySpecReader.read(Files.readString(example), 0);
            assertThat(spec.name()).as(example.toString()).isNotBlank();
        }
    }

    private static boolean isStudySpec(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("\"searchSpace\"") && text.contains("\"model\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
