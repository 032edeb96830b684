package dev.milotune.api;

import dev.milotune.access.ApiTokens;
import dev.milotune.access.Role;
import dev.milotune.orchestration.NotFoundException;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** API tokens, for admins (the access filter checks the role): create, list, revoke. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    /** {@code expiresIn}: an ISO-8601 duration such as {@code P90D} or {@code PT12H}; absent: the token lasts until revoked. */
    public record TokenRequest(String name, String role, String expiresIn) {
    }

    /** A token as listed; {@code token} (the secret) only in the answer to its creation. */
    public record TokenView(String id, String name, String role, Instant createdAt, Instant revokedAt, Instant expiresAt, String token) {
        static TokenView of(ApiTokens.Token t, String secret) {
            return new TokenView(t.id(), t.name(), t.role().id(), t.createdAt(), t.revokedAt(), t.expiresAt(), secret);
        }
    }

    private final ApiTokens tokens;

    TokensResource(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token (admin); the answer holds its secret, shown this once")
    public Response create(TokenRequest request) {
        if (request == null) {
            throw new InvalidSpecException("body", null, "must be a JSON object {\"name\", \"role\"}");
        }
        String name = request.name();
        if (name == null || name.isBlank() || name.length() > ApiTokens.MAX_NAME || !name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new InvalidSpecException("name", name, "must be 1 to " + ApiTokens.MAX_NAME + " printable characters");
        }
        Role role = Role.byId(request.role() == null ? "" : request.role()).orElseThrow(() -> new InvalidSpecException("role",
                request.role(), "must be one of " + Arrays.stream(Role.values()).map(Role::id).toList()));
        Duration lifetime = null;
        if (request.expiresIn() != null) {
            String rule = "must be an ISO-8601 duration from PT1M to " + ApiTokens.MAX_LIFETIME + " (e.g. P90D or PT12H)";
            try {
                lifetime = Duration.parse(request.expiresIn());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidSpecException("expiresIn", InvalidSpecException.abbreviate(request.expiresIn()), rule);
            }
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(ApiTokens.MAX_LIFETIME) > 0) {
                throw new InvalidSpecException("expiresIn", request.expiresIn(), rule);
            }
        }
        ApiTokens.Created created = tokens.create(name, role, lifetime);
        return Response.status(201).entity(TokenView.of(created.token(), created.secret())).build();
    }

    @GET
    @Operation(summary = "Every token, without secrets (admin)")
    public List<TokenView> list() {
        return tokens.list().stream().map(t -> TokenView.of(t, null)).toList();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a token (admin); 404 when no active token has that id")
    public Response revoke(@PathParam("id") String id) {
        if (!tokens.revoke(id)) {
            throw new NotFoundException("no active token with id " + id);
        }
        return Response.noContent().build();
    }
}
