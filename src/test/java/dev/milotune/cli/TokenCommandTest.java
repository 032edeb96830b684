package dev.milotune.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.testing.ApiToken;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milotune token create|list|revoke} against the running service, as its admin. */
@QuarkusTest
@Tag("service")
class TokenCommandTest {

    @TestHTTPResource("/")
    URL url;

    @TempDir
    Path dir;

    @Test
    void createListAndRevokeATokenThatWorksUntilRevoked() throws Exception {
        Path adminToken = Files.writeString(dir.resolve("admin-token"), ApiToken.ADMIN + "\n");
        String service = url.toString();
        MilotuneCommandTest.Answer created = MilotuneCommandTest.execute("token", "create", "--url", service, "--data-dir", dir.toString(),
                "--name", "ci-runner", "--role", "viewer", "--expires-in", "P7D");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String[] lines = created.out().split("\n");
        String secret = lines[0];
        assertThat(secret).startsWith("mt_").hasSize(46);
        assertThat(lines[1]).contains("viewer", "ci-runner", "expires ");
        String id = lines[1].split(" ")[0];

        given().header("Authorization", "Bearer " + secret).get("/api/v1/studies").then().statusCode(200);
        MilotuneCommandTest.Answer listed = MilotuneCommandTest.execute("token", "list", "--url", service, "--admin-token-file", adminToken.toString());
        assertThat(listed.out()).contains(id).doesNotContain(secret);

        MilotuneCommandTest.Answer revoked = MilotuneCommandTest.execute("token", "revoke", id, "--url", service, "--data-dir", dir.toString());
        assertThat(revoked.exitCode()).isZero();
        given().header("Authorization", "Bearer " + secret).get("/api/v1/studies").then().statusCode(401);

        // Refusals and an absent service are one line on stderr and exit 1.
        MilotuneCommandTest.Answer again = MilotuneCommandTest.execute("token", "revoke", id, "--url", service, "--data-dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("DELETE /api/v1/tokens/" + id + ": 404 no active token with id " + id);
        MilotuneCommandTest.Answer badLife = MilotuneCommandTest.execute("token", "create", "--url", service, "--data-dir", dir.toString(),
                "--name", "x", "--role", "viewer", "--expires-in", "soon");
        assertThat(badLife.err()).contains("400").contains("expiresIn");
        MilotuneCommandTest.Answer noToken = MilotuneCommandTest.execute("token", "list", "--url", service, "--admin-token-file",
                dir.resolve("missing").toString());
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.err()).startsWith("cannot read the admin token from " + dir.resolve("missing"));
        MilotuneCommandTest.Answer nobody = MilotuneCommandTest.execute("token", "list", "--url", "http://localhost:1", "--data-dir", dir.toString());
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).startsWith("cannot reach milotune at http://localhost:1");
    }
}
