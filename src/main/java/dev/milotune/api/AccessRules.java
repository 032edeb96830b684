package dev.milotune.api;

import dev.milotune.access.ApiTokens;
import dev.milotune.access.Caller;
import dev.milotune.access.Role;
import dev.milotune.config.MilotuneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * Who may make a request: the one decision for the REST resources ({@link AccessFilter}) and the
 * dataset upload route ({@link DatasetUploads}), which runs before RESTEasy. Viewers read; members
 * also change state (submit, cancel, compute plans, register datasets); tokens and the system view
 * are for admins.
 */
@ApplicationScoped
class AccessRules {

    static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** What the rules decided. */
    sealed interface Admission {
    }

    record Admitted(Caller caller) implements Admission {
    }

    /** Refused: a 401 (no active token; answer with a Bearer challenge) or a 403 problem. */
    record Refused(Problem problem) implements Admission {
    }

    private final ApiTokens tokens;
    private final MilotuneConfig config;

    AccessRules(ApiTokens tokens, MilotuneConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    /** @param secret the bearer token the request carries, or null */
    Admission admit(String method, String path, String secret) {
        if (!config.auth().enabled()) {
            return new Admitted(Caller.UNCHECKED);
        }
        Optional<Caller> caller = tokens.verify(secret);
        if (caller.isEmpty()) {
            return new Refused(Problem.of(401, "Unauthorized",
                    "this request needs an active API token: Authorization: Bearer <token> (the admin token of a local run is in "
                            + "<data-dir>/admin-token)"));
        }
        Role needed = path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/system") ? Role.ADMIN
                : READS.contains(method) ? Role.VIEWER : Role.MEMBER;
        if (!caller.get().role().atLeast(needed)) {
            return new Refused(Problem.of(403, "Forbidden",
                    "token " + caller.get().name() + " is a " + caller.get().role().id() + "; " + method + " " + path + " needs "
                            + needed.id()));
        }
        return new Admitted(caller.get());
    }

    /** The token of an {@code Authorization: Bearer ...} header, or null. */
    static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }
}
