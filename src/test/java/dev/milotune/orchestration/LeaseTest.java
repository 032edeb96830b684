package dev.milotune.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.testing.TopicClient;
import dev.milotune.wire.Heartbeat;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leases count from the start of a segment on a worker, not from its dispatch. The orchestrator
 * alone, with a 3 s lease, and a simulated worker on the real broker that takes its time: a task
 * it has not started is never retried, however long it waits; a started one is retried once the
 * worker goes silent; a heartbeat for the abandoned attempt does not shorten the new one's wait.
 */
@QuarkusTest
@Tag("service")
@Tag("isolated")
@TestProfile(LeaseTest.ShortLease.class)
class LeaseTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.role", "orchestrator", "milotune.orchestrator.lease-timeout", "PT3S",
                    "milotune.worker.heartbeat-interval", "PT1S");
        }
    }

    static final String SPEC = dev.milotune.testing.Specs.oneTrial("leases", 2);

    static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void aLeaseRunsFromTheStartOnAWorkerNotFromDispatch() {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        AtomicReference<List<Heartbeat.RunningSegment>> running = new AtomicReference<>(List.of());
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        Instant started = Instant.now();
        worker.scheduleAtFixedRate(() -> TopicClient.send(bootstrap, "milotune.reports", "sim-lease", Wire.encode(new Heartbeat(
                Heartbeat.VERSION, "sim-lease", "sim", 1, running.get().size(), "cpu", running.get(), started, Instant.now(), "builtin"))),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            String id = given().contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201)
                    .extract().path("id");
            TrialTask first = task(bootstrap, id, 0);
            assertThat(first.attempt()).isZero();

            // Queued, not started: three leases pass, and the attempt stands.
            await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
                    .until(() -> state(id).equals("QUEUED/0"));
            assertThat(leaseLeft(id)).as("a queued segment waits under the queue timeout").isGreaterThan(Duration.ofMinutes(10));

            // Started: the next heartbeat trades the queue lease for a run lease.
            running.set(List.of(first.running(0)));
            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("RUNNING/0"));
            assertThat(leaseLeft(id)).isLessThanOrEqualTo(LEASE);

            // The worker goes silent about it: attempt 1 is dispatched once the lease runs out.
            running.set(List.of());
            TrialTask second = task(bootstrap, id, 1);
            assertThat(second.trialId()).isEqualTo(first.trialId());
            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("QUEUED/1"));

            // A worker still training attempt 0 keeps attempt 1 alive and does not cut its wait short.
            running.set(List.of(first.running(1)));
            await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
                    .until(() -> state(id).equals("QUEUED/1") && leaseLeft(id).compareTo(Duration.ofMinutes(10)) > 0);

            given().contentType("application/json").urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then().statusCode(200);
        } finally {
            worker.shutdownNow();
        }
    }

    /** The study's task with this attempt, read from the trials topic. */
    private static TrialTask task(String bootstrap, String studyId, int attempt) {
        var records = TopicClient.read(bootstrap, "milotune.trials",
                rs -> rs.stream().anyMatch(r -> matches(r.value(), studyId, attempt)), Duration.ofSeconds(30), Duration.ZERO);
        return records.stream().filter(r -> matches(r.value(), studyId, attempt)).findFirst()
                .map(r -> Wire.decode(r.value(), TrialTask.class))
                .orElseThrow(() -> new AssertionError("no task of attempt " + attempt + " for study " + studyId));
    }

    private static boolean matches(String json, String studyId, int attempt) {
        TrialTask t = Wire.decode(json, TrialTask.class);
        return t.studyId().equals(studyId) && t.attempt() == attempt;
    }

    /** The study's one trial: paths below are relative to it. */
    private static JsonPath trial(String studyId) {
        JsonPath trials = given().get("/api/v1/studies/" + studyId + "/trials").then().statusCode(200).extract().jsonPath();
        assertThat(trials.getList("trial")).hasSize(1);
        return trials.setRootPath("[0].trial");
    }

    /** The trial's state and attempt, as "RUNNING/0". */
    private static String state(String studyId) {
        JsonPath trial = trial(studyId);
        return trial.getString("state") + "/" + trial.getInt("attempt");
    }

    private static Duration leaseLeft(String studyId) {
        return Duration.between(Instant.now(), Instant.parse(trial(studyId).getString("segment.leaseExpiresAt")));
    }
}
