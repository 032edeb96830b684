package dev.milotune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.config.MilotuneConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * The management endpoints outside {@code /api}: health probes always answer anyone (a kubelet
 * sends no token); the Prometheus metrics ({@code milotune.auth.protect-metrics}) and the API
 * description with its UI ({@code milotune.auth.protect-openapi}) ask for a token of any role
 * when configured so, under the same rules and answers as the REST API ({@link AccessRules}).
 */
@ApplicationScoped
class ManagementAccess {

    private final AccessRules rules;
    private final ObjectMapper json;
    private final List<String> protectedPaths = new ArrayList<>();

    ManagementAccess(AccessRules rules, ObjectMapper json, MilotuneConfig config) {
        this.rules = rules;
        this.json = json;
        if (config.auth().protectMetrics()) {
            protectedPaths.add("/q/metrics");
        }
        if (config.auth().protectOpenapi()) {
            protectedPaths.add("/q/openapi");
            protectedPaths.add("/q/swagger-ui");
        }
    }

    void install(@Observes Router router) {
        for (String path : protectedPaths) {
            router.route(path + "*").order(Integer.MIN_VALUE + 1).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        rules.admitRoute(context, context.request().method().name(), context.normalizedPath(), admission -> decide(context, admission));
    }

    private void decide(RoutingContext context, AccessRules.Admission admission) {
        if (admission instanceof AccessRules.Refused refused) {
            var response = context.response().setStatusCode(refused.problem().status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json");
            if (refused.problem().status() == 401) {
                response.putHeader("WWW-Authenticate", ProblemMappers.BEARER_CHALLENGE);
            }
            try {
                response.end(json.writeValueAsString(refused.problem()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem is always JSON", e);
            }
            return;
        }
        context.next();
    }
}
