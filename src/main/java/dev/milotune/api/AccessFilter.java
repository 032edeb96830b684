package dev.milotune.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request names its token ({@code Authorization: Bearer ...}; the event stream, which
 * a browser's EventSource opens without headers, may pass {@code access_token} instead): 401
 * without an active one, 403 when its role may not do what is asked ({@link AccessRules}). A
 * state-changing request with a form or text body is refused (415): a page on another site cannot
 * post one with a token anyway, and cannot post a form at all. The one state change that takes a
 * form, the dataset upload, is served before RESTEasy ({@link DatasetUploads}) under the same rules.
 */
class AccessFilter {

    private static final Set<String> FORMS = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    private final AccessRules rules;
    private final CurrentCaller current;

    AccessFilter(AccessRules rules, CurrentCaller current) {
        this.rules = rules;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    Uni<Response> check(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        MediaType type = request.getMediaType();
        if (!AccessRules.READS.contains(method) && type != null && FORMS.contains(type.getType() + "/" + type.getSubtype())) {
            return Uni.createFrom().item(ProblemMappers.respond(Problem.of(415, "Unsupported media type",
                    "a " + method + " must send JSON (Content-Type: application/json), not " + type)));
        }
        return rules.admit(method, path, secret(request, method, path)).map(admission -> {
            if (admission instanceof AccessRules.Refused refused) {
                Response response = ProblemMappers.respond(refused.problem());
                return refused.problem().status() == 401
                        ? Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, ProblemMappers.BEARER_CHALLENGE).build()
                        : response;
            }
            current.set(((AccessRules.Admitted) admission).caller());
            return null;
        });
    }

    private static String secret(ContainerRequestContext request, String method, String path) {
        String bearer = AccessRules.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (bearer != null) {
            return bearer;
        }
        if (HttpMethod.GET.equals(method) && path.endsWith("/events")) {
            return request.getUriInfo().getQueryParameters().getFirst("access_token");
        }
        return null;
    }
}
