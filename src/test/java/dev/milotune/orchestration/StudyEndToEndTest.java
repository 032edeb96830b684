package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    void twoStudiesShareOnePlanAndTheEventStreamEndsWithTheStudy() throws Exception {
        String small = SPEC.replace("\"maxTrials\": 6", "\"maxTrials\": 2").replace("\"repeats\": 1", "\"repeats\": 1")
                .replace("\"enabled\": true", "\"enabled\": false");
        String first = given().contentType(ContentType.JSON).body(small).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        String second = given().contentType(ContentType.JSON).body(small.replace("\"seed\": 11", "\"seed\": 12"))
                .post("/api/v1/studies").then().statusCode(201).extract().path("id");

        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/studies/" + second + "/events"))
                .header("Authorization", "Bearer " + dev.milotune.testing.ApiToken.ADMIN).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        // The stream ends by itself once the study has ended: collecting it returns.
        List<JsonPath> events = Executors.newSingleThreadExecutor().submit(() -> stream.body()
                .filter(line -> line.startsWith("data:")).map(line -> new JsonPath(line.substring(5).trim())).toList())
                .get(6, TimeUnit.MINUTES);
        assertThat(events).isNotEmpty();
        JsonPath last = events.get(events.size() - 1);
        assertThat(last.getString("kind")).isEqualTo("state");
        assertThat(last.getString("detail")).isEqualTo("COMPLETED");
        assertThat(last.getString("studyId")).isEqualTo(second);
        assertThat(events).allSatisfy(e -> assertThat(e.getString("type")).isNotBlank());

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/api/v1/studies/" + first).then().body("state", equalTo("COMPLETED")));
        List<String> firstPlans = given().get("/api/v1/studies/" + first).then().extract().jsonPath().getList("planIds");
        List<String> secondPlans = given().get("/api/v1/studies/" + second).then().extract().jsonPath().getList("planIds");
        assertThat(secondPlans).hasSize(1).isEqualTo(firstPlans);
        JsonPath plan = given().get("/api/v1/plans/" + secondPlans.get(0)).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> stored = given().get("/api/v1/plans").then().statusCode(200).extract().jsonPath().getList("plans");
        // (JSON numbers read back as floats here: compare the fractions with a tolerance.)
        assertThat(stored).as("plans of the same dataset, encoder and fraction").filteredOn(p -> plan.getString("dataset").equals(p.get("dataset"))
                && plan.getString("encoder").equals(p.get("encoder"))
                && Math.abs(plan.getDouble("fraction") - ((Number) p.get("fraction")).doubleValue()) < 1e-6).hasSize(1);

        // An ended study's stream says how it ended and ends; an unknown study's is a 404.
        given().get("/api/v1/studies/" + second + "/events").then().statusCode(200).body(containsString("COMPLETED"));
        given().get("/api/v1/studies/no-such-study/events").then().statusCode(404);
    }

    @Test
    void theLeadersAreCheckedOnFullDataAndTheStudyReportsItsAgreement() {
        String spec = SPEC.replace("\"name\": \"e2e-fixture\"", "\"name\": \"e2e-checks\"")
                .replace("\"objective\": {\"metric\": \"validation_accuracy\"}",
                        "\"objective\": {\"metric\": \"validation_accuracy\", \"validationSample\": 0.5}")
                .replace("\"finalRetrain\"", "\"finalSelection\": {\"topK\": 2, \"epochs\": 1}, \"finalRetrain\"");
        String id = given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/api/v1/studies/" + id).then().body("state", equalTo("COMPLETED")));

        JsonPath study = given().get("/api/v1/studies/" + id).then().extract().jsonPath();
        assertThat(study.getString("phase")).isEqualTo("DONE");
        assertThat(study.getList("agreement.rungs")).isNotEmpty();
        assertThat(study.getString("agreement.summary")).contains("tau");
        List<Map<String, Object>> trials = given().get("/api/v1/studies/" + id + "/trials").then().extract().jsonPath().getList("trial");
        List<Map<String, Object>> checks = trials.stream().filter(t -> "CHECK".equals(t.get("purpose"))).toList();
        assertThat(checks).hasSize(2).allSatisfy(t -> {
            assertThat(t.get("state")).isEqualTo("COMPLETED");
            assertThat(t.get("epochsDone")).isEqualTo(1);
        });
        // The retrain trains the configuration of the best check; the leaderboard shows each leader's check.
        Map<String, Object> best = checks.stream().max(java.util.Comparator.comparingDouble(t -> ((Number) t.get("bestValue")).doubleValue()))
                .orElseThrow();
        assertThat(trials).filteredOn(t -> "RETRAIN".equals(t.get("purpose"))).singleElement()
                .satisfies(t -> assertThat(t.get("configuration")).isEqualTo(best.get("configuration")));
        JsonPath board = given().get("/api/v1/studies/" + id + "/leaderboard").then().statusCode(200).extract().jsonPath();
        assertThat(board.getList("fullDataCheck").stream().filter(java.util.Objects::nonNull).count()).isEqualTo(2);
        // The comparison names the same choice and the check's value that made it.
        JsonPath compared = given().queryParam("studies", id + "," + id).get("/api/v1/compare").then().statusCode(200).extract()
                .jsonPath();
        assertThat(compared.getMap("studies[0].chosenConfiguration")).isEqualTo(best.get("configuration"));
        assertThat(compared.getDouble("studies[0].chosenValue")).isEqualTo(((Number) best.get("bestValue")).doubleValue());
    }

    @Test
    void anInvalidSpecIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body(SPEC.replace("\"eta\": 2", "\"eta\": 1")).post("/api/v1/studies")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("scheduler.eta")).body("value", equalTo(1));
    }
}
