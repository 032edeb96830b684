package dev.milotune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.testing.NpyWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `milotune select` end to end, through the same entry point as {@code java -jar ... select}. */
class SelectCommandTest {

    static final int N = 240;
    static final int D = 8;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    float[][] rows;
    int[] labels;

    @BeforeEach
    void data() {
        SplittableRandom random = new SplittableRandom(4);
        rows = new float[N][D];
        labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < D; k++) {
                rows[i][k] = (float) (random.nextGaussian() + (k == labels[i] ? 3 : 0));
            }
        }
    }

    @Test
    void planModeWritesTheBinaryPlanAndItsJson() throws IOException {
        NpyWriter.writeFloat32(dir.resolve("e.npy"), rows);
        NpyWriter.writeInt64(dir.resolve("y.npy"), labels);
        Result result = run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--out", path("plan.bin"), "--json",
                path("plan.json"), "--subsets", "12", "--seed", "5", "--encoder-id", "test-encoder");
        assertThat(result.code).as(result.err).isZero();
        SubsetPlan plan = SubsetPlan.fromBytes(Files.readAllBytes(dir.resolve("plan.bin")));
        assertThat(plan.numItems()).isEqualTo(N);
        assertThat(plan.numSubsets()).isEqualTo(12);
        assertThat(plan.budgets()).containsExactly(8, 8, 8);
        assertThat(plan.provenance().key().encoderId()).isEqualTo("test-encoder");
        assertThat(result.out).contains(plan.id());
        JsonNode json = JSON.readTree(dir.resolve("plan.json").toFile());
        assertThat(json.get("id").asText()).isEqualTo(plan.id());
        assertThat(json.get("classes")).hasSize(3);
        assertThat(json.get("sgeSubsets")).hasSize(12);
        assertThat(json.get("wreProbabilities")).hasSize(N);
        assertThat(json.get("wreOrder").get(0).get("indices")).hasSize(80);
    }

    @Test
    void csvAndTextInputsAndALadderOfFractions() throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add(IntStream.range(0, D).mapToObj(k -> "f" + k).collect(Collectors.joining(",")));
        for (float[] row : rows) {
            csv.add(IntStream.range(0, D).mapToObj(k -> Float.toString(row[k])).collect(Collectors.joining(",")));
        }
        Files.write(dir.resolve("e.csv"), csv);
        Files.write(dir.resolve("y.txt"), IntStream.of(labels).mapToObj(Integer::toString).toList());
        Result result = run("select", "--embeddings", path("e.csv"), "--labels", path("y.txt"), "--out", path("plan.bin"),
                "--fraction", "0.05,0.2", "--subsets", "4");
        assertThat(result.code).as(result.err).isZero();
        assertThat(SubsetPlan.fromBytes(Files.readAllBytes(dir.resolve("plan-f0.05.bin"))).totalBudget()).isEqualTo(12);
        assertThat(SubsetPlan.fromBytes(Files.readAllBytes(dir.resolve("plan-f0.2.bin"))).totalBudget()).isEqualTo(48);
    }

    @Test
    void singleRunModeWritesOneSelectionWithGains() throws IOException {
        NpyWriter.writeFloat32(dir.resolve("e.npy"), rows);
        NpyWriter.writeInt32(dir.resolve("y.npy"), labels);
        Result result = run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--json", path("sel.json"),
                "--function", "facility-location", "--budget", "5");
        assertThat(result.code).as(result.err).isZero();
        JsonNode json = JSON.readTree(dir.resolve("sel.json").toFile());
        assertThat(json.get("selection")).hasSize(3);
        assertThat(json.get("selection").get(1).get("indices")).hasSize(5);
        assertThat(json.get("selection").get(1).get("gains")).hasSize(5);
        assertThat(json.get("provenance").get("optimizer").asText()).isEqualTo("lazy-greedy");
        for (JsonNode index : json.get("selection").get(1).get("indices")) {
            assertThat(labels[index.asInt()]).isEqualTo(1);
        }
    }

    @Test
    void badInputIsReportedByValue() throws IOException {
        float[][] nan = rows.clone();
        nan[3] = rows[3].clone();
        nan[3][1] = Float.NaN;
        NpyWriter.writeFloat32(dir.resolve("nan.npy"), nan);
        NpyWriter.writeFloat32(dir.resolve("e.npy"), rows);
        NpyWriter.writeInt64(dir.resolve("y.npy"), labels);
        NpyWriter.writeInt64(dir.resolve("short.npy"), java.util.Arrays.copyOf(labels, N - 1));
        Files.writeString(dir.resolve("bad.txt"), "0\n1\ncat\n");

        assertError(run("select", "--embeddings", path("nan.npy"), "--labels", path("y.npy"), "--out", path("p")),
                "embeddings row 3, column 1 is NaN");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("short.npy"), "--out", path("p")),
                "there are 240 embedding rows but 239 labels");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--out", path("p"), "--fraction", "1.5"),
                "fraction is 1.5, but must be in (0, 1]");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--out", path("p"), "--classes", "4"),
                "class 3 has no items");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--json", path("s.json"),
                "--function", "graph-cut", "--budget", "81"), "budget 81 is larger than class 0, which has 80 items");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("y.npy"), "--json", path("s.json"),
                "--function", "max-cover"), "function is 'max-cover'");
        assertError(run("select", "--embeddings", path("e.npy"), "--labels", path("bad.txt"), "--out", path("p")),
                "line 3 is 'cat', not an integer label");
        assertError(run("select", "--embeddings", path("y.npy"), "--labels", path("y.npy"), "--out", path("p")),
                "embeddings must be float32 or float64, but the dtype is i8");
        assertThat(Files.exists(dir.resolve("p"))).isFalse();
    }

    private static void assertError(Result result, String message) {
        assertThat(result.code).as(result.out).isEqualTo(1);
        assertThat(result.err).contains(message);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MilotuneCommand.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
