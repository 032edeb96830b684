package dev.milotune.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static dev.milotune.testing.UserDatasets.labels;
import static dev.milotune.testing.UserDatasets.rows;
import static dev.milotune.testing.UserDatasets.upload;

import dev.milotune.testing.ApiToken;
import dev.milotune.testing.NpyWriter;
import dev.milotune.testing.Specs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/datasets}: registering the user's own embeddings and labels, over HTTP as a
 * client sends them (multipart), with every kind of refusal.
 */
@QuarkusTest
@Tag("service")
class DatasetUploadsTest {

    static final int N = 60;
    static final int D = 8;

    /** Names are new on every run: the test data dir outlives the run. */
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void registersListsAndAnswersTheSameUploadAgainWith200() {
        String name = "clip-" + run;
        float[][] rows = rows(N, D, 1);
        int[] labels = labels(N);
        String hash = upload(name, NpyWriter.float32(rows), NpyWriter.int64(labels)).multiPart("classNames", "[\"cat\", \"dog\", \"fox\"]")
                .post("/api/v1/datasets").then().statusCode(201)
                .header("Location", "/api/v1/datasets/" + name)
                .body("name", equalTo(name)).body("kind", equalTo("user")).body("numItems", equalTo(N)).body("dimension", equalTo(D))
                .body("numClasses", equalTo(3)).body("classNames[2]", equalTo("fox")).body("encoder", equalTo("user-supplied"))
                .body("owner", equalTo("admin (configured)"))
                .extract().path("contentHash");
        assertThat(hash).hasSize(64);

        given().get("/api/v1/datasets").then().statusCode(200).body("find { it.name == '" + name + "' }.contentHash", equalTo(hash))
                .body("find { it.name == '" + name + "' }.kind", equalTo("user")).body("name", hasItem("fixture-mnist"));
        given().get("/api/v1/datasets/" + name).then().statusCode(200).body("classNames", equalTo(java.util.List.of("cat", "dog", "fox")));

        // The same content, labels as another integer type: nothing changes.
        upload(name, NpyWriter.float32(rows), NpyWriter.int32(labels)).multiPart("classNames", "[\"cat\", \"dog\", \"fox\"]")
                .post("/api/v1/datasets").then().statusCode(200).body("contentHash", equalTo(hash));
        // Other content under the name: a conflict that says what is there.
        upload(name, NpyWriter.float32(rows), NpyWriter.int64(labels)).post("/api/v1/datasets").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is already registered with other content"))
                .body("detail", containsString(hash));
        upload("mnist", NpyWriter.float32(rows), NpyWriter.int64(labels)).post("/api/v1/datasets").then().statusCode(409)
                .body("detail", containsString("dataset mnist is in the catalogue"));
    }

    @Test
    void longClassNamesComeAsAFile() {
        String name = "many-" + run;
        int[] labels = labels(N);
        labels[N - 1] = 499;
        String classes = java.util.stream.IntStream.range(0, 500).mapToObj(c -> "\"class number " + c + "\"")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        assertThat(classes.length()).isGreaterThan(2048);
        upload(name, NpyWriter.float32(rows(N, D, 6)), NpyWriter.int32(labels)).multiPart("classNames", classes).post("/api/v1/datasets")
                .then().statusCode(400).body("detail", containsString("the upload could not be read"));
        upload(name, NpyWriter.float32(rows(N, D, 6)), NpyWriter.int32(labels))
                .multiPart("classNames", "classes.json", classes.getBytes(StandardCharsets.UTF_8), "application/json").post("/api/v1/datasets")
                .then().statusCode(201).body("numClasses", equalTo(500)).body("classNames[499]", equalTo("class number 499"));
    }

    @Test
    void anUploadLargerThanTheJsonBodyLimitIsStreamedThrough() {
        float[][] rows = rows(1200, 128, 2);
        byte[] embeddings = NpyWriter.float32(rows);
        assertThat(embeddings.length).isGreaterThan(512 * 1024);
        upload("wide-" + run, embeddings, NpyWriter.uint8(labels(1200))).post("/api/v1/datasets").then().statusCode(201)
                .body("numItems", equalTo(1200)).body("dimension", equalTo(128));
    }

    @Test
    void aFileThatBreaksARuleIsA400NamingThePartWhereAndTheRule() {
        String name = "bad-" + run;
        byte[] embeddings = NpyWriter.float32(rows(N, D, 3));
        byte[] labels = NpyWriter.int64(labels(N));

        byte[] zip = "PK\3\4 this is a zip".getBytes(StandardCharsets.ISO_8859_1);
        refused(upload(name, zip, labels), "embeddings", "byte 0", "expected the .npy magic")
                .body("detail", startsWith("embeddings (embeddings.npy), byte 0: expected the .npy magic"));
        refused(upload(name, NpyWriter.npy("<f8", "(" + N + ", " + D + ")", new byte[N * D * 8]), labels), "embeddings", "header",
                "the dtype is '<f8', but embeddings must be little-endian float32 '<f4'");
        byte[] cut = Arrays.copyOf(embeddings, embeddings.length - 10);
        refused(upload(name, cut, labels), "embeddings", "byte " + cut.length, "the file ends here")
                .body("rule", containsString("row 59 is the first incomplete one"));
        float[][] nan = rows(N, D, 3);
        nan[17][5] = Float.NaN;
        long nanByte = embeddings.length - N * D * 4L + (17L * D + 5) * 4;
        refused(upload(name, NpyWriter.float32(nan), labels), "embeddings", "row 17 (byte " + nanByte + ")",
                "column 5 is NaN, but embeddings must be finite");
        refused(upload(name, embeddings, NpyWriter.int64(labels(N - 1))), "labels", "header",
                "the shape is (59,): 59 labels, but the embeddings have 60 rows; there must be one label a row");
        refused(upload(name, embeddings, labels).multiPart("classNames", "[\"a\", \"a\"]"), "classNames", "element 1",
                "'a' is listed twice; class names must be distinct");
        given().multiPart("name", name).multiPart("embeddings", "e.npy", embeddings, "application/octet-stream").post("/api/v1/datasets")
                .then().statusCode(400).body("field", equalTo("labels")).body("rule", equalTo("is required, as a .npy file"));
        upload(name, embeddings, labels).multiPart("extra", "x.bin", new byte[3]).post("/api/v1/datasets").then().statusCode(400)
                .body("field", equalTo("part")).body("value", equalTo("extra"));
        upload("Not A Name", embeddings, labels).post("/api/v1/datasets").then().statusCode(400).body("field", equalTo("name"));
        given().get("/api/v1/datasets/" + name).then().statusCode(404);
    }

    @Test
    void registeringNeedsAMemberTokenAndAForm() {
        byte[] embeddings = NpyWriter.float32(rows(N, D, 4));
        byte[] labels = NpyWriter.int64(labels(N));
        upload("anon-" + run, embeddings, labels).header("Authorization", "").post("/api/v1/datasets").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("detail", startsWith("this request needs an active API token"));
        String viewer = given().contentType(ContentType.JSON).body("{\"name\":\"vic-" + run + "\",\"role\":\"viewer\"}").post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        upload("viewer-" + run, embeddings, labels).header(new Header("Authorization", "Bearer " + viewer)).post("/api/v1/datasets").then()
                .statusCode(403).body("detail", equalTo("token vic-" + run + " is a viewer; POST /api/v1/datasets needs member"));
        given().header(new Header("Authorization", "Bearer " + viewer)).get("/api/v1/datasets").then().statusCode(200);
        String member = given().contentType(ContentType.JSON).body("{\"name\":\"mel-" + run + "\",\"role\":\"member\"}").post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        upload("member-" + run, embeddings, labels).header(new Header("Authorization", "Bearer " + member)).post("/api/v1/datasets").then()
                .statusCode(201).body("owner", equalTo("mel-" + run));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\"}").post("/api/v1/datasets").then().statusCode(415)
                .body("detail", startsWith("POST /api/v1/datasets takes multipart/form-data"));
    }

    @Test
    void anUploadOverTheLimitIsA413BeforeItsBodyIsRead() throws IOException {
        // Over a socket of its own, as InvalidSpecsTest does: the answer comes from the declared length alone.
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Authorization: Bearer " + ApiToken.ADMIN + "\r\nContent-Length: " + (9L << 20) + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedUploadIsCutOffWhereItPassesTheLimit() throws IOException {
        // No Content-Length: the bytes are counted as they arrive. Sending stops once the answer is there.
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
                    + "Authorization: Bearer " + ApiToken.ADMIN + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, ("--xyz\r\nContent-Disposition: form-data; name=\"embeddings\"; filename=\"big.npy\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[64 * 1024];
            try {
                for (long sent = 0; sent <= (10L << 20) && socket.getInputStream().available() == 0; sent += piece.length) {
                    chunk(out, piece);
                }
            } catch (IOException closedEarly) {
                // The server answered and closed; its answer is read below.
            }
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void onlyTheExternalFamilyMayStudyARegisteredDataset() {
        String name = "study-" + run;
        upload(name, NpyWriter.float32(rows(N, D, 5)), NpyWriter.int64(labels(N))).post("/api/v1/datasets").then().statusCode(201);
        String spec = Specs.oneTrial("on-registered", 2).replace("fixture-fashion-mnist", name);
        given().contentType(ContentType.JSON).urlEncodingEnabled(false).body(spec).post("/api/v1/studies:validate").then().statusCode(400)
                .body("field", equalTo("dataset.name")).body("value", equalTo(name))
                .body("rule", containsString("is a registered dataset (embeddings and labels, no items to train on), which only model.family"
                        + " external may use"));
        given().contentType(ContentType.JSON).body("{\"dataset\": \"" + name + "\", \"encoder\": \"pixel-pca\"}").post("/api/v1/plans").then()
                .statusCode(400).body("field", equalTo("encoder")).body("rule", containsString("must be default for registered dataset"));
    }

    private static io.restassured.response.ValidatableResponse refused(RequestSpecification request, String part, String where, String rule) {
        return request.post("/api/v1/datasets").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo(part)).body("value", equalTo(where)).body("rule", containsString(rule))
                .body("detail", containsString(part)).body("detail", containsString(where));
    }
}
