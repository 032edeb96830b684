package dev.milotune.api;

import dev.milotune.orchestration.ConflictException;
import dev.milotune.orchestration.NotFoundException;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the orchestrator's exceptions to problem details; nothing else is caught here. */
class ProblemMappers {

    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    @ServerExceptionMapper
    Response invalid(InvalidSpecException e) {
        return respond(new Problem("https://milotune.dev/problems/invalid-spec", "Invalid study spec", 400, e.getMessage(),
                e.field(), e.value(), e.rule()));
    }

    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return respond(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    Response conflict(ConflictException e) {
        return respond(Problem.of(409, "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", e.getMessage()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM).entity(problem).build();
    }
}
