package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad spec is a 400 problem+json that names the field and the rule; nothing starts. */
@QuarkusTest
@Tag("service")
class InvalidSpecsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level field        | "maxTrials": 6,                | "maxTrails": 6,                                | maxTrails              | is not a known field
            unknown parameter field        | "log": true}                   | "log": true, "lowr": 1}                        | searchSpace.lr.lowr    | is not a known field
            low above high                 | "low": 0.0005                  | "low": 0.5                                     | searchSpace.lr.low     | must be < high
            log with a zero low            | "low": 0.0005                  | "low": 0                                       | searchSpace.lr.low     | must be > 0 when log is true
            unknown hyperparameter         | "hidden": {                    | "hiddn": {                                     | searchSpace.hiddn      | is not a hyperparameter of model family mlp
            bad categorical choice         | "batchSize": 32}               | "batchSize": 32, "optimizer": "lbfgs"}         | model.fixed.optimizer  | must be one of
            unknown parameter type         | "type": "categorical"          | "type": "choice"                               | searchSpace.hidden.type | must be one of float, int, categorical
            reduction factor 1             | "eta": 2                       | "eta": 1                                       | scheduler.eta          | must be between 2 and 100
            unknown scheduler              | "asha"                         | "pbt"                                          | scheduler.type         | must be one of
            R differs from epochs          | "R": 4                         | "R": 9                                         | scheduler.R            | must equal model.epochs (4)
            fraction above one             | "fraction": 0.3                | "fraction": 1.5                                | subset.fraction        | must be in (0, 1]
            zero trials                    | "maxTrials": 6                 | "maxTrials": 0                                 | maxTrials              | must be between 1 and 10000
            too many trials                | "maxTrials": 6                 | "maxTrials": 100000                            | maxTrials              | must be between 1 and 10000
            unknown dataset                | fixture-fashion-mnist          | cifar-10                                       | dataset.name           | must be one of
            unknown encoder                | "pixel-pca"                    | "clip"                                         | dataset.encoder        | must be one of
            direction against the metric   | "validation_accuracy"}         | "validation_accuracy", "direction": "minimize"} | objective.direction   | must be maximize for validation_accuracy
            grid over a continuous space   | "random"                       | "grid"                                         | sampler.type           | needs a finite search space
            number where a string belongs  | "name": "e2e-fixture"          | "name": 7                                      | name                   | must be a string
            layers beyond their bound      | "batchSize": 32}               | "batchSize": 32, "layers": 17}                 | model.fixed.layers     | must be an integer in [1, 16]
            hidden beyond its bound        | "choices": [32, 64]            | "choices": [32, 2100000]                       | searchSpace.hidden.choices | must be an integer in [1, 65536]
            model too large to train       | "choices": [32, 64]}           | "choices": [32, 65536]}, "layers": {"type": "int", "low": 1, "high": 16} | searchSpace.hidden, searchSpace.layers, model.fixed.batchSize | must need at most 2 GiB
            maxTrials wrapping past 2^64   | "maxTrials": 6                 | "maxTrials": 18446744073709551622              | maxTrials              | must be an integer between
            dataset name outside the rule  | fixture-fashion-mnist          | Fixture-Fashion-MNIST                          | dataset.name           | must match
            """)
    void isRejectedWithItsFieldAndRule(String description, String find, String replace, String field, String rule) {
        String spec = StudyEndToEndTest.SPEC.replace(find, replace);
        if (spec.equals(StudyEndToEndTest.SPEC)) {
            throw new IllegalStateException("case '" + description + "' did not change the spec");
        }
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(spec).post("/api/v1/studies:validate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("field", equalTo(field)).body("rule", containsString(rule));
        given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies")
                .then().statusCode(400).body("field", equalTo(field));
    }

    @org.junit.jupiter.api.Test
    void aTextModelOnAnImageDatasetIsRejected() {
        String spec = StudyEndToEndTest.SPEC.replace("\"family\": \"mlp\"", "\"family\": \"text-bag\"")
                .replace("\"hidden\": {\"type\": \"categorical\", \"choices\": [32, 64]}",
                        "\"embeddingDim\": {\"type\": \"categorical\", \"choices\": [32, 64]}");
        given().contentType(ContentType.JSON).body(spec).post("/api/v1/studies")
                .then().statusCode(400).body("field", equalTo("model.family")).body("rule", containsString("needs a text dataset"));
    }

    @org.junit.jupiter.api.Test
    void anOversizedBodyIsA413NotA500() throws Exception {
        // Over a socket of its own: the server answers 413 from the declared length and closes the
        // connection, which a client still writing the body sees as a broken pipe.
        int length = 600 * 1024;
        assertThat(statusOfPost("/api/v1/studies", length)).isEqualTo(413);
        assertThat(statusOfPost("/api/v1/studies:validate", length)).isEqualTo(413);
        assertThat(statusOfPost("/api/v1/plans", 1_000_000)).isEqualTo(413);
    }

    /** The status of a JSON POST of {@code length} bytes, asking to continue before the body is sent. */
    private static int statusOfPost(String path, int length) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(15_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                    + dev.milotune.testing.ApiToken.ADMIN + "\r\nContent-Length: " + length + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            if (status == 100) {
                try {
                    out.write(" ".repeat(length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException closedEarly) {
                    // The server may refuse the rest; its answer is read below all the same.
                }
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.startsWith("HTTP/1.1 "));
                status = Integer.parseInt(line.split(" ")[1]);
            }
            return status;
        }
    }

    @ParameterizedTest(name = "plan request: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            long dataset name      | {"dataset": "LONG_NAME"}                                  | dataset
            capitals               | {"dataset": "Fashion-MNIST"}                              | dataset
            a line break           | {"dataset": "mnist\\nINFO forged"}                       | dataset
            unknown encoder        | {"dataset": "fixture-mnist", "encoder": "clip"}           | encoder
            too many fractions     | {"dataset": "fixture-mnist", "fractions": [MANY]}         | fractions
            """)
    void aBadPlanRequestIsA400NamingItsField(String description, String body, String field) {
        String json = body.replace("LONG_NAME", "d".repeat(10_000))
                .replace("MANY", String.join(", ", java.util.Collections.nCopies(1_000, "0.5")));
        given().contentType(ContentType.JSON).body(json).post("/api/v1/plans")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo(field));
    }

    @ParameterizedTest(name = "body: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON     | {"name":
            not an object | [1, 2]
            empty        | ''
            """)
    void aBodyThatIsNotASpecObjectIsA400(String description, String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/studies")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }
}
