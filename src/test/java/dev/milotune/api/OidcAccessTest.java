package dev.milotune.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OIDC users over REST: the test profile turns OIDC on with the public half of
 * {@code oidc/test-signing-key.pem} (no provider to reach) and this test signs access tokens with
 * its private half, as a provider would: roles from the {@code groups} claim, studies owned by the
 * user, and every way a token can be wrong refused with a 401 that says why.
 */
@QuarkusTest
@Tag("service")
class OidcAccessTest {

    static final String ISSUER = "https://issuer.milotune.test";
    static final String SPEC = dev.milotune.testing.Specs.oneTrial("oidc", 40);

    @Test
    void groupsGiveRolesAndAUserOwnsItsStudies() throws Exception {
        Header alice = bearer(jwt(signingKey(), ISSUER, "alice-sub", "alice", List.of("milotune-member"), 300));
        Header bob = bearer(jwt(signingKey(), ISSUER, "bob-sub", "bob", List.of("milotune-member", "staff"), 300));
        Header vera = bearer(jwt(signingKey(), ISSUER, "vera-sub", "vera", List.of("milotune-viewer"), 300));
        Header ada = bearer(jwt(signingKey(), ISSUER, "ada-sub", "ada", List.of("milotune-admin"), 300));

        String id = given().header(alice).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(201)
                .extract().path("id");
        given().header(vera).get("/api/v1/studies/" + id).then().statusCode(200);
        given().header(vera).contentType(ContentType.JSON).body(SPEC).post("/api/v1/studies").then().statusCode(403)
                .body("detail", equalTo("OIDC user vera is a viewer; POST /api/v1/studies needs member"));
        given().header(bob).get("/api/v1/tokens").then().statusCode(403);
        given().header(ada).get("/api/v1/tokens").then().statusCode(200);
        // The dataset upload route, served before RESTEasy, asks the same question (and waits for OIDC's answer).
        given().header(vera).multiPart("embeddings", "e.npy", new byte[16]).post("/api/v1/datasets").then().statusCode(403)
                .body("detail", equalTo("OIDC user vera is a viewer; POST /api/v1/datasets needs member"));
        given().header(bob).contentType(ContentType.JSON).urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then()
                .statusCode(403).body("detail", startsWith("OIDC user bob did not submit study " + id));
        // A new token of the same user (same issuer and subject) is the same owner.
        Header aliceAgain = bearer(jwt(signingKey(), ISSUER, "alice-sub", "alice", List.of("milotune-member"), 600));
        given().header(aliceAgain).contentType(ContentType.JSON).urlEncodingEnabled(false).post("/api/v1/studies/" + id + ":cancel").then()
                .statusCode(200).body("state", equalTo("CANCELLED"));
    }

    @Test
    void aUserInNoMilotuneGroupIsForbiddenAndABadTokenIsUnauthorized() throws Exception {
        given().header(bearer(jwt(signingKey(), ISSUER, "carl-sub", "carl", List.of("staff"), 300))).get("/api/v1/studies").then()
                .statusCode(403).body("detail", startsWith("OIDC user carl is in none of the groups [milotune-admin, milotune-member, milotune-viewer]"));
        PrivateKey otherKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        for (String token : List.of(
                jwt(signingKey(), ISSUER, "dan-sub", "dan", List.of("milotune-admin"), -120),
                jwt(otherKey, ISSUER, "dan-sub", "dan", List.of("milotune-admin"), 300),
                jwt(signingKey(), "https://elsewhere.test", "dan-sub", "dan", List.of("milotune-admin"), 300),
                "a.b.c")) {
            given().header(bearer(token)).get("/api/v1/studies").then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer")).body("detail", startsWith("the OIDC token was refused"));
        }
        given().header(bearer("mt_not-a-token")).get("/api/v1/studies").then().statusCode(401)
                .body("detail", startsWith("this request needs an active API token"));
        given().header(bearer(jwt(signingKey(), ISSUER, "ada-sub", "ada", List.of("milotune-viewer"), 300))).get("/q/metrics").then()
                .statusCode(200);
    }

    /** A compact RS256 JWS with the claims a provider puts in an access token. */
    static String jwt(PrivateKey key, String issuer, String subject, String name, List<String> groups, long expiresInSeconds) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"aud\":\"milotune\",\"preferred_username\":\"" + name
                + "\",\"groups\":[" + String.join(",", groups.stream().map(g -> "\"" + g + "\"").toList()) + "],\"iat\":" + (now - 10)
                + ",\"exp\":" + (now + expiresInSeconds) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(rsa.sign());
    }

    static PrivateKey signingKey() throws Exception {
        try (var in = OidcAccessTest.class.getResourceAsStream("/oidc/test-signing-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    private static Header bearer(String token) {
        return new Header("Authorization", "Bearer " + token);
    }
}
