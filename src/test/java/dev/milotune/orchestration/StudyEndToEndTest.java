package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A study end to end on the real embedded-test broker with the process's own worker: MILO plan
 * computed on the committed Fashion-MNIST fixture, ASHA over real DJL training, final retrain.
 */
@QuarkusTest
@Tag("service")
public class StudyEndToEndTest {

    public static final String SPEC = """
            {
              "name": "e2e-fixture",
              "dataset": {"name": "fixture-fashion-mnist", "encoder": "pixel-pca"},
              "model": {"family": "mlp", "epochs": 4, "fixed": {"batchSize": 32}},
              "searchSpace": {
                "lr": {"type": "float", "low": 0.0005, "high": 0.05, "log": true},
                "hidden": {"type": "categorical", "choices": [32, 64]}
              },
              "objective": {"metric": "validation_accuracy"},
              "sampler": {"type": "random"},
              "scheduler": {"type": "asha", "r": 1, "R": 4, "eta": 2},
              "maxTrials": 6,
              "maxConcurrentTrials": 2,
              "subset": {"strategy": "milo", "fraction": 0.3},
              "seed": 11,
              "finalRetrain": {"enabled": true, "repeats": 1}
            }
            """;

    @Test
    void aStudyRunsToCompletionWithPromotionsAndAFinalRetrain() {
        String id = given().contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies")
                .then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                given().get("/api/v1/studies/" + id).then().body("state", equalTo("COMPLETED")));

        JsonPath study = given().get("/api/v1/studies/" + id).then().extract().jsonPath();
        assertThat(study.getList("planIds")).hasSize(1);
        assertThat(study.getDouble("finalTestAccuracy")).isGreaterThan(0.4);

        JsonPath trials = given().get("/api/v1/studies/" + id + "/trials").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = trials.getList("trial");
        List<Map<String, Object>> search = all.stream().filter(t -> "SEARCH".equals(t.get("purpose"))).toList();
        assertThat(search).hasSize(6);
        assertThat(all).filteredOn(t -> "RETRAIN".equals(t.get("purpose"))).hasSize(1)
                .allSatisfy(t -> assertThat(t.get("state")).isEqualTo("COMPLETED"));
        // ASHA with eta 2 over rungs 1, 2, 4 epochs: some trial reached the top, some were stopped early.
        assertThat(search).anySatisfy(t -> assertThat(t.get("rung")).isEqualTo(2));
        assertThat(search).anySatisfy(t -> assertThat(t.get("state")).isEqualTo("PRUNED"));
        // Search epochs train on MILO subsets (30 % of the 720 training items, class-balanced);
        // the retrain on all of them. Every trial reports each epoch it trained exactly once.
        List<Map<String, Object>> rows = trials.getList("$");
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> trial = (Map<String, Object>) row.get("trial");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> reports = (List<Map<String, Object>>) row.get("reports");
            assertThat(reports).extracting(r -> r.get("epoch")).doesNotHaveDuplicates().hasSize((Integer) trial.get("epochsDone"));
            int expectedItems = "RETRAIN".equals(trial.get("purpose")) ? 720 : 220;
            assertThat(reports).allSatisfy(r -> assertThat(r.get("itemsSeen")).isEqualTo(expectedItems));
        }

        JsonPath board = given().get("/api/v1/studies/" + id + "/leaderboard").then().statusCode(200).extract().jsonPath();
        assertThat(board.getInt("[0].trial.rung")).isEqualTo(2);
        assertThat(board.getString("[0].trial.id")).isEqualTo(study.getString("bestTrialId"));
    }

    @Test
    void anInvalidSpecIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body(SPEC.replace("\"eta\": 2", "\"eta\": 1")).post("/api/v1/studies")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("scheduler.eta")).body("value", equalTo(1));
    }
}
