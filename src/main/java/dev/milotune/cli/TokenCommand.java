package dev.milotune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code milotune token create|list|revoke}: API tokens of a running service, over its REST API
 * as its admin (the admin token from {@code $MILOTUNE_AUTH_ADMIN_TOKEN}, else the data dir's
 * {@code admin-token} file), as {@code kubectl exec ... -- milotune token create} does in a pod.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"API tokens of a running milotune service (as its admin): create, list, revoke.",
            "The secret of a new token is printed once, on the first line."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    /** Where the service is, and the admin token to ask it with. */
    static final class Service {
        @Option(names = "--url", paramLabel = "URL", description = "The service (default: $MILOTUNE_URL, else http://localhost:8080).")
        String url;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory whose admin-token file to use (default: $MILOTUNE_DATA_DIR, else ./.milotune).")
        Path dataDir;

        @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the admin token (default: DIR/admin-token,"
                + " unless $MILOTUNE_AUTH_ADMIN_TOKEN is set).")
        Path adminTokenFile;

        private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

        /** Sends a request as the admin; the answer's JSON, or a {@link Failed} naming why not. */
        JsonNode send(String method, String path, String body) {
            String base = url != null ? url : System.getenv().getOrDefault("MILOTUNE_URL", "http://localhost:8080");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken()).header("Accept", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new Failed("cannot reach milotune at " + base + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is the service running? --url sets where");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            }
            JsonNode answer = parse(response.body());
            if (response.statusCode() >= 300) {
                String detail = answer.path("detail").asText(response.body());
                throw new Failed(method + " " + path + ": " + response.statusCode() + " " + detail);
            }
            return answer;
        }

        private String adminToken() {
            if (adminTokenFile == null) {
                String configured = System.getenv("MILOTUNE_AUTH_ADMIN_TOKEN");
                if (configured != null && !configured.isBlank()) {
                    return configured.trim();
                }
            }
            Path file = adminTokenFile != null ? adminTokenFile
                    : (dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("MILOTUNE_DATA_DIR", ".milotune"))).resolve("admin-token");
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                throw new Failed("cannot read the admin token from " + file + " (" + e.getClass().getSimpleName()
                        + "); --admin-token-file or $MILOTUNE_AUTH_ADMIN_TOKEN sets it");
            }
        }

        private static JsonNode parse(String body) {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
    }

    /** A request that could not be made or was refused: one line on stderr, exit 1. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private static int run(CommandSpec spec, Callable<Void> body) {
        try {
            body.call();
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Failed e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void describe(PrintWriter out, JsonNode token) {
        out.printf(Locale.ROOT, "%s  %-7s  %-30s  created %s%s%s%n", token.path("id").asText(), token.path("role").asText(),
                token.path("name").asText(), token.path("createdAt").asText(),
                token.path("expiresAt").isTextual() ? "  expires " + token.path("expiresAt").asText() : "",
                token.path("revokedAt").isTextual() ? "  revoked " + token.path("revokedAt").asText() : "");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token; prints its secret (once) and then its id.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Service service;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what the token is for.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, member or admin.")
        String role;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "ISO-8601 lifetime, e.g. P90D or PT12H (default: until revoked).")
        String expiresIn;

        @Override
        public Integer call() {
            if (!java.util.List.of("viewer", "member", "admin").contains(role)) {
                throw new ParameterException(spec.commandLine(), "--role is " + role + ", but must be one of viewer, member, admin");
            }
            return run(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                ObjectNode body = Service.JSON.createObjectNode().put("name", name).put("role", role);
                if (expiresIn != null) {
                    body.put("expiresIn", expiresIn);
                }
                JsonNode token = service.send("POST", "/api/v1/tokens", body.toString());
                out.println(token.path("token").asText());
                describe(out, token);
                return null;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every token, without secrets.")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Service service;

        @Override
        public Integer call() {
            return run(spec, () -> {
                for (JsonNode token : service.send("GET", "/api/v1/tokens", null)) {
                    describe(spec.commandLine().getOut(), token);
                }
                return null;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token: requests with it are refused from then on.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Service service;

        @Parameters(paramLabel = "ID", description = "The token's id (milotune token list).")
        String id;

        @Override
        public Integer call() {
            return run(spec, () -> {
                service.send("DELETE", "/api/v1/tokens/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8), null);
                spec.commandLine().getOut().println("revoked " + id);
                return null;
            });
        }
    }
}
