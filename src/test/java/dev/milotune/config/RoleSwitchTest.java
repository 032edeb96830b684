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

/** An orchestrator-only process starts no worker: no worker channel, no heartbeat of its own. */
@QuarkusTest
@TestProfile(RoleSwitchTest.OrchestratorOnly.class)
class RoleSwitchTest {

    public static class OrchestratorOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milotune.role", "orchestrator", "milotune.data-dir", "target/milotune-role-orchestrator-" + System.nanoTime());
        }
    }

    @Test
    void onlyTheOrchestratorChannelsRun() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", hasKey("reports-in"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", not(hasKey("reports-out")));
        given().get("/api/v1/system").then().body("role", equalTo("orchestrator"));
    }

    @Test
    void noLocalWorkerHeartbeats() throws InterruptedException {
        // Heartbeats come every 0.5 s in tests; give a worker, if one ran, several chances.
        Thread.sleep(3000);
        given().get("/api/v1/workers").then().statusCode(200).body("size()", equalTo(0));
    }
}
