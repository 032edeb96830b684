package dev.milotune.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker-only process sends heartbeats but never consumes reports. */
@QuarkusTest
@TestProfile(WorkerRoleTest.WorkerOnly.class)
class WorkerRoleTest {

    public static class WorkerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.role", "worker", "milotune.data-dir", "target/milotune-role-worker-" + System.nanoTime());
        }
    }

    @Test
    void onlyTheWorkerChannelsRun() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", hasKey("reports-out"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", not(hasKey("reports-in")));
        given().get("/api/v1/system").then().body("role", equalTo("worker"));
    }
}
