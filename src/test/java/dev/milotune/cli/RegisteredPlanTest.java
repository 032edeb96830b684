package dev.milotune.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.testing.NpyWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan of a registered dataset is the plan {@code milotune select} makes from the same files:
 * same plan id, same budgets, SGE subsets, WRE orders and probabilities. (The binary plans differ
 * only in their provenance's timings and peak memory, which no key decides.)
 */
@QuarkusTest
@Tag("service")
class RegisteredPlanTest {

    @Inject
    MilotuneConfig config;

    @TempDir
    Path dir;

    @Test
    void aRegisteredDatasetsPlanIsTheOneSelectMakesFromTheSameFiles() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        float[][] rows = new float[150][6];
        int[] labels = new int[150];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = (i * 7) % 4;
            for (int k = 0; k < 6; k++) {
                rows[i][k] = (float) (random.nextGaussian() + (k == labels[i] ? 2 : 0));
            }
        }
        Path embeddings = Files.write(dir.resolve("emb.npy"), NpyWriter.float32(rows));
        Path labelFile = Files.write(dir.resolve("labels.npy"), NpyWriter.uint8(labels));
        String name = "plan-" + UUID.randomUUID().toString().substring(0, 8);
        String hash = given().multiPart("name", name).multiPart("embeddings", embeddings.toFile(), "application/octet-stream")
                .multiPart("labels", labelFile.toFile(), "application/octet-stream").post("/api/v1/datasets").then().statusCode(201)
                .extract().path("contentHash");

        String request = "{\"dataset\": \"" + name + "\", \"fractions\": [0.1, 0.3]}";
        Response ready = given().contentType(ContentType.JSON).body(request).post("/api/v1/plans");
        for (int i = 0; i < 600 && ready.statusCode() == 202; i++) {
            Thread.sleep(100);
            ready = given().contentType(ContentType.JSON).body(request).post("/api/v1/plans");
        }
        assertThat(ready.statusCode()).as(ready.asString()).isEqualTo(200);
        List<String> ids = ready.jsonPath().getList("planIds");

        int code = MilotuneCommand.execute("select", "--embeddings", embeddings.toString(), "--labels", labelFile.toString(),
                "--fraction", "0.1,0.3", "--seed", Long.toString(config.plans().seed()), "--subsets", Integer.toString(config.plans().subsets()),
                "--encoder-id", "user-supplied", "--dataset-hash", hash, "--out", dir.resolve("plan.bin").toString());
        assertThat(code).isZero();
        List<SubsetPlan> selected = List.of(SubsetPlan.fromBytes(Files.readAllBytes(dir.resolve("plan-f0.1.bin"))),
                SubsetPlan.fromBytes(Files.readAllBytes(dir.resolve("plan-f0.3.bin"))));
        for (int p = 0; p < 2; p++) {
            SubsetPlan mine = selected.get(p);
            SubsetPlan served = SubsetPlan.fromBytes(Files.readAllBytes(config.dataDir().resolve("plans").resolve(ids.get(p) + ".plan")));
            assertThat(served.id()).isEqualTo(mine.id()).isEqualTo(ids.get(p));
            assertThat(served.provenance().key()).isEqualTo(mine.provenance().key());
            assertThat(served.classes()).isEqualTo(mine.classes());
            assertThat(served.budgets()).isEqualTo(mine.budgets());
            assertThat(served.sgeSubsets()).isDeepEqualTo(mine.sgeSubsets());
            assertThat(served.wreOrders()).isEqualTo(mine.wreOrders());
            assertThat(served.wreProbabilities()).isEqualTo(mine.wreProbabilities());
        }
        given().get("/api/v1/plans/" + ids.get(0)).then().statusCode(200)
                .body("encoder", org.hamcrest.Matchers.equalTo("user-supplied")).body("datasetHash", org.hamcrest.Matchers.equalTo(hash));
    }
}
