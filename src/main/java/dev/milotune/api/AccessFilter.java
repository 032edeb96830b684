package dev.milotune.api;

import dev.milotune.access.ApiTokens;
import dev.milotune.access.Caller;
import dev.milotune.access.Role;
import dev.milotune.config.MilotuneConfig;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request names its token ({@code Authorization: Bearer ...}; the event stream, which
 * a browser's EventSource opens without headers, may pass {@code access_token} instead): 401
 * without an active one, 403 when its role may not do what is asked. Viewers read; members also
 * submit and cancel (their own studies, checked by the resource); tokens and the system view are
 * for admins. A state-changing request with a form or text body is refused (415): a page on
 * another site cannot post one with a token anyway, and cannot post a form at all.
 */
class AccessFilter {

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> FORMS = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    private final ApiTokens tokens;
    private final CurrentCaller current;
    private final MilotuneConfig config;

    AccessFilter(ApiTokens tokens, CurrentCaller current, MilotuneConfig config) {
        this.tokens = tokens;
        this.current = current;
        this.config = config;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    Optional<Response> check(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        MediaType type = request.getMediaType();
        if (!READS.contains(method) && type != null && FORMS.contains(type.getType() + "/" + type.getSubtype())) {
            return Optional.of(ProblemMappers.respond(Problem.of(415, "Unsupported media type",
                    "a " + method + " must send JSON (Content-Type: application/json), not " + type)));
        }
        if (!config.auth().enabled()) {
            current.set(Caller.UNCHECKED);
            return Optional.empty();
        }
        Optional<Caller> caller = tokens.verify(secret(request, method, path));
        if (caller.isEmpty()) {
            return Optional.of(Response.fromResponse(ProblemMappers.respond(Problem.of(401, "Unauthorized",
                    "this request needs an active API token: Authorization: Bearer <token> (the admin token of a local run is in "
                            + "<data-dir>/admin-token)"))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"milotune\"").build());
        }
        Role needed = path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/system") ? Role.ADMIN
                : READS.contains(method) ? Role.VIEWER : Role.MEMBER;
        if (!caller.get().role().atLeast(needed)) {
            return Optional.of(ProblemMappers.respond(Problem.of(403, "Forbidden",
                    "token " + caller.get().name() + " is a " + caller.get().role().id() + "; " + method + " " + path + " needs "
                            + needed.id())));
        }
        current.set(caller.get());
        return Optional.empty();
    }

    private static String secret(ContainerRequestContext request, String method, String path) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (HttpMethod.GET.equals(method) && path.endsWith("/events")) {
            return request.getUriInfo().getQueryParameters().getFirst("access_token");
        }
        return null;
    }
}
