package dev.milotune.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.milotune.testing.ApiToken;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Who may do what over REST, tried as each role and as nobody. */
@QuarkusTest
@Tag("service")
class AccessTest {

    @jakarta.inject.Inject
    dev.milotune.config.MilotuneConfig config;

    static final String SPEC = dev.milotune.testing.Specs.oneTrial("access", 40);

    @Test
    void withoutATokenOnlyHealthAnswers() {
        given().header("Authorization", "").get("/api/v1/studies").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("detail", startsWith("this request needs an active API token"));
        given().header("Authorization", "Bearer mt_not-a-token").get("/api/v1/studies").then().statusCode(401);
        given().header("Authorization", "").contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(401);
        given().header("Authorization", "").get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", "").get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsAndTheApiDescriptionAskForATokenWhenConfiguredSo() {
        assertThat(config.auth().protectMetrics()).isTrue();
        for (String path : List.of("/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().header("Authorization", "").get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer")).body("detail", startsWith("this request needs an active API token"));
            given().header("Authorization", "Bearer mt_not-a-token").get(path).then().statusCode(401);
            given().header(bearer(token("viewer-of-" + path.replace("/", "-"), "viewer"))).get(path).then().statusCode(200);
        }
    }

    @Test
    void rolesReadSubmitAndCancelAsTheyMay() {
        String alice = token("alice", "member");
        String bob = token("bob", "member");
        String vera = token("vera", "viewer");

        given().header(bearer(vera)).get("/api/v1/studies").then().statusCode(200);
        given().header(bearer(vera)).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(403)
                .body("detail", equalTo("token vera is a viewer; POST /api/v1/studies needs member"));
        given().header(bearer(alice)).get("/api/v1/system").then().statusCode(403);
        given().header(bearer(alice)).get("/api/v1/tokens").then().statusCode(403);

        String id = given().header(bearer(alice)).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201)
                .extract().path("id");
        given().header(bearer(bob)).contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(403)
                .body("detail", startsWith("token bob did not submit study " + id));
        given().header(bearer(vera)).contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(403);
        given().header(bearer(bob)).get("/api/v1/studies/" + id).then().statusCode(200).body("state", equalTo(
                given().header(bearer(alice)).get("/api/v1/studies/" + id).then().extract().path("state")));
        given().header(bearer(alice)).contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
    }

    @Test
    void aMemberHasAQuotaOfStudiesInFlight() {
        String erin = token("erin", "member");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(given().header(bearer(erin)).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201)
                    .extract().path("id"));
        }
        given().header(bearer(erin)).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(429)
                .body("detail", startsWith("token erin has 2 studies in flight"));
        given().header(bearer(erin)).contentType(ContentType.JSON).urlEncodingEnabled(false)
                .post("/api/v1/studies/" + ids.get(0) + ":cancel").then().statusCode(200);
        ids.add(given().header(bearer(erin)).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201)
                .extract().path("id"));
        for (String id : ids.subList(1, ids.size())) {
            given().header(bearer(erin)).contentType(ContentType.JSON).urlEncodingEnabled(false)
                    .post("/api/v1/studies/" + id + ":cancel").then().statusCode(200);
        }
    }

    @Test
    void aMemberHasAQuotaOfPlanRequestsPerHour() {
        String fay = token("fay", "member");
        String plan = "{\"dataset\": \"fixture-fashion-mnist\", \"encoder\": \"pixel-pca\", \"fractions\": [0.1]}";
        for (int i = 0; i < config.auth().planRequestsPerHour(); i++) {
            assertThat(given().header(bearer(fay)).contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then()
                    .extract().statusCode()).isIn(200, 202);
        }
        given().header(bearer(fay)).contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[0-9]+"))
                .body("detail", startsWith("token fay made " + config.auth().planRequestsPerHour() + " plan requests in the last hour"));
        // Another member, and the admin, are not held by fay's quota.
        assertThat(given().header(bearer(token("gus", "member"))).contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then()
                .extract().statusCode()).isIn(200, 202);
        assertThat(given().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().extract().statusCode()).isIn(200, 202);
    }

    @Test
    void aTokenMayBeGivenALifetime() {
        Instant before = Instant.now();
        String expiresAt = given().header(bearer(ApiToken.ADMIN)).contentType(ContentType.JSON)
                .body("{\"name\":\"ci\",\"role\":\"viewer\",\"expiresIn\":\"P30D\"}").post("/api/v1/tokens").then().statusCode(201)
                .extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isBetween(before.plus(java.time.Duration.ofDays(30)), Instant.now().plus(java.time.Duration.ofDays(30)));
        for (String bad : List.of("\"soon\"", "\"PT30S\"", "\"P3651D\"", "\"-P1D\"")) {
            given().header(bearer(ApiToken.ADMIN)).contentType(ContentType.JSON)
                    .body("{\"name\":\"ci\",\"role\":\"viewer\",\"expiresIn\":" + bad + "}").post("/api/v1/tokens").then().statusCode(400)
                    .body("field", equalTo("expiresIn")).body("rule", startsWith("must be an ISO-8601 duration from PT1M to PT87600H"));
        }
    }

    @Test
    void aFormCannotChangeAnything() {
        given().header(bearer(ApiToken.ADMIN)).contentType(ContentType.URLENC).formParam("x", "1")
                .urlEncodingEnabled(false).post("/api/v1/studies/00000000-0000-0000-0000-000000000000:cancel").then().statusCode(415);
        given().header(bearer(ApiToken.ADMIN)).contentType("text/plain").body(SPEC).post("/api/v1/studies").then()
                .statusCode(415);
    }

    @Test
    void tokensAreListedWithoutSecretsAndRevokedForGood() {
        String carol = token("carol", "member");
        given().header(bearer(carol)).get("/api/v1/studies").then().statusCode(200);
        List<Map<String, Object>> listed = given().header(bearer(ApiToken.ADMIN)).get("/api/v1/tokens").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).allSatisfy(t -> assertThat(t.get("token")).isNull());
        assertThat(listed.toString()).doesNotContain(carol);
        String id = listed.stream().filter(t -> "carol".equals(t.get("name"))).findFirst().orElseThrow().get("id").toString();

        given().header(bearer(ApiToken.ADMIN)).delete("/api/v1/tokens/" + id).then().statusCode(204);
        given().header(bearer(carol)).get("/api/v1/studies").then().statusCode(401);
        given().header(bearer(ApiToken.ADMIN)).delete("/api/v1/tokens/" + id).then().statusCode(404);
        given().header(bearer(ApiToken.ADMIN)).contentType(ContentType.JSON).body("{\"name\":\"x\",\"role\":\"root\"}")
                .post("/api/v1/tokens").then().statusCode(400).body("field", equalTo("role"));
    }

    @Test
    void theSecretIsStoredOnlyAsItsHash() throws Exception {
        String dave = token("dave", "viewer");
        Path db = config.dataDir().resolve("db");
        assertThat(db).isDirectory();
        try (var files = Files.walk(db)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(dave);
            }
        }
    }

    private static String token(String name, String role) {
        String secret = given().header(bearer(ApiToken.ADMIN)).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").post("/api/v1/tokens").then().statusCode(201)
                .body("role", equalTo(role)).extract().path("token");
        assertThat(secret).startsWith("mt_").hasSize(46);
        return secret;
    }

    private static io.restassured.http.Header bearer(String token) {
        return new io.restassured.http.Header("Authorization", "Bearer " + token);
    }
}
