package dev.milotune.api;

import dev.milotune.access.ApiTokens;
import dev.milotune.access.Caller;
import dev.milotune.access.Role;
import dev.milotune.config.MilotuneConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may make a request: the one decision for the REST resources ({@link AccessFilter}), the
 * dataset upload route ({@link DatasetUploads}), which runs before RESTEasy, and the management
 * endpoints ({@link ManagementAccess}). The caller is an API token, or, with OIDC on, a user whose
 * access token the provider's keys verify and whose groups give it a role. Viewers read; members
 * also change state (submit, cancel, compute plans, register datasets); tokens and the system view
 * are for admins.
 */
@ApplicationScoped
class AccessRules {

    static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** Longer bearer tokens are not sent to the OIDC provider's verifier. */
    static final int MAX_JWT = 16_384;

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
    private final Instance<TenantIdentityProvider> oidc;
    private final boolean oidcEnabled;

    AccessRules(ApiTokens tokens, MilotuneConfig config, Instance<TenantIdentityProvider> oidc,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidcEnabled) {
        this.tokens = tokens;
        this.config = config;
        this.oidc = oidc;
        this.oidcEnabled = oidcEnabled;
    }

    /**
     * The decision for a request: at once for an API token (or none), later for a token that only
     * the OIDC provider can verify. Never fails: a token OIDC refuses is a 401 naming why.
     *
     * @param secret the bearer token the request carries, or null
     */
    Uni<Admission> admit(String method, String path, String secret) {
        if (!config.auth().enabled()) {
            return Uni.createFrom().item(new Admitted(Caller.UNCHECKED));
        }
        Optional<Caller> caller = tokens.verify(secret);
        if (caller.isPresent() || !oidcEnabled || secret == null || !looksLikeJwt(secret)) {
            return Uni.createFrom().item(caller.<Admission>map(c -> allowed(method, path, c)).orElseGet(() -> unauthorized(null)));
        }
        return oidc.get().authenticate(new AccessTokenCredential(secret))
                .map(identity -> fromOidc(method, path, identity))
                .onFailure().recoverWithItem(failure -> unauthorized("the OIDC token was refused: " + reason(failure)));
    }

    /**
     * The decision for a request served by a Vert.x route rather than RESTEasy: the request is
     * paused (its body waits) until {@code then} has the decision, on the request's own context.
     */
    void admitRoute(RoutingContext context, String method, String path, Consumer<Admission> then) {
        var request = context.request();
        request.pause();
        io.vertx.core.Context here = context.vertx().getOrCreateContext();
        admit(method, path, bearer(request.getHeader("Authorization"))).subscribe().with(admission -> here.runOnContext(v -> {
            then.accept(admission);
            request.resume();
        }));
    }

    private Admission fromOidc(String method, String path, SecurityIdentity identity) {
        MilotuneConfig.Auth.Oidc groups = config.auth().oidc();
        String issuer = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getIssuer() : "oidc";
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject()
                : identity.getPrincipal().getName();
        String name = identity.getPrincipal().getName();
        Optional<Role> role = Role.ofGroups(identity.getRoles(), groups.adminGroup(), groups.memberGroup(), groups.viewerGroup());
        if (role.isEmpty()) {
            return new Refused(Problem.of(403, "Forbidden", Caller.ofOidc(issuer, subject, name, Role.VIEWER).label()
                    + " is in none of the groups " + List.of(groups.adminGroup(), groups.memberGroup(), groups.viewerGroup())
                    + " (milotune.auth.oidc.*-group)"));
        }
        return allowed(method, path, Caller.ofOidc(issuer, subject, name, role.get()));
    }

    private static Admission allowed(String method, String path, Caller caller) {
        Role needed = path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/system") ? Role.ADMIN
                : READS.contains(method) ? Role.VIEWER : Role.MEMBER;
        if (!caller.role().atLeast(needed)) {
            return new Refused(Problem.of(403, "Forbidden",
                    caller.label() + " is a " + caller.role().id() + "; " + method + " " + path + " needs " + needed.id()));
        }
        return new Admitted(caller);
    }

    private Refused unauthorized(String why) {
        return new Refused(Problem.of(401, "Unauthorized", why != null ? why
                : "this request needs an active API token: Authorization: Bearer <token> (the admin token of a local run is in "
                        + "<data-dir>/admin-token)" + (oidcEnabled ? ", or an OIDC access token" : "")));
    }

    /** A compact JWS: three base64url parts (an API token never has a dot). */
    private static boolean looksLikeJwt(String secret) {
        return secret.length() <= MAX_JWT && secret.chars().filter(c -> c == '.').count() == 2;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    /** The token of an {@code Authorization: Bearer ...} header, or null. */
    static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }
}
