package dev.milotune.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A thousand generated hostile specs (seeded): the example study with one to three values, at
 * any depth, replaced by hostile ones, removed, or joined by an unknown field. Every one is
 * answered by the validation endpoint with 200 or a 400 that names a field; never a 5xx.
 */
@QuarkusTest
@Tag("service")
class HostileSpecsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aThousandHostileSpecsGetA200OrA400NamingAField() throws Exception {
        JsonNode base = JSON.readTree(Files.readString(Path.of("examples", "studies", "milo-1pct-fashion-mnist.json"))
                .replace("fashion-mnist\"", "fixture-fashion-mnist\""));
        List<Object> hostile = List.of("../../../../tmp/x", "", "\n\u0000\u202e", "x".repeat(70_000), -1, 0, 1, 2_100_000,
                Integer.MAX_VALUE, Long.MAX_VALUE, new BigInteger("18446744073709551621"), 1e308, -1e308, 4.9e-324, 0.5, "NaN",
                "Infinity", true, false, List.of(), List.of(1, 2, 3), JSON.createObjectNode(), deep(200));
        SplittableRandom random = new SplittableRandom(20261207);
        int valid = 0;
        for (int i = 0; i < 1_000; i++) {
            JsonNode spec = base.deepCopy();
            for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                spec = mutate(spec, random, hostile);
            }
            String body = JSON.writeValueAsString(spec);
            Response response = given().contentType(ContentType.JSON).urlEncodingEnabled(false).body(body).post("/api/v1/studies:validate");
            int status = response.statusCode();
            assertThat(status).as("spec %d: %s", i, abbreviate(body)).isIn(200, 400, 413);
            if (status == 400) {
                assertThat(response.jsonPath().getString("field")).as("the field of spec %d: %s", i, abbreviate(body)).isNotBlank();
            } else if (status == 200) {
                valid++;
            }
        }
        assertThat(valid).as("some mutations keep a valid spec").isPositive().isLessThan(500);
    }

    /** One value anywhere in the tree replaced or removed, or an unknown field added; the (new) root. */
    private static JsonNode mutate(JsonNode root, SplittableRandom random, List<Object> hostile) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode at = containers.get(random.nextInt(containers.size()));
        Object value = hostile.get(random.nextInt(hostile.size()));
        if (at instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            int choice = random.nextInt(10);
            if (names.isEmpty() || choice == 0) {
                object.set("unknown" + random.nextInt(3), JSON.valueToTree(value));
            } else if (choice == 1) {
                object.remove(names.get(random.nextInt(names.size())));
            } else {
                object.set(names.get(random.nextInt(names.size())), JSON.valueToTree(value));
            }
        } else if (at instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), JSON.valueToTree(value));
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode() && into.size() < 10_000) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static JsonNode deep(int depth) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode at = root;
        for (int i = 0; i < depth; i++) {
            at = at.putObject("a");
        }
        return root;
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }
}
