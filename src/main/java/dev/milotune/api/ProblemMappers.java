package dev.milotune.api;

import dev.milotune.data.MalformedDataException;
import dev.milotune.orchestration.ConflictException;
import dev.milotune.orchestration.NotFoundException;
import dev.milotune.space.InvalidSpecException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the orchestrator's exceptions to problem details; nothing else is caught here. The dataset
 * upload route, which runs outside RESTEasy, builds its problems with the same methods.
 */
class ProblemMappers {

    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");
    /** The {@code WWW-Authenticate} value of every 401. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"milotune\"";

    @ServerExceptionMapper
    Response invalid(InvalidSpecException e) {
        return respond(invalidSpec(e));
    }

    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return respond(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    Response conflict(ConflictException e) {
        return respond(conflict(e.getMessage()));
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", e.getMessage()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM).entity(problem).build();
    }

    static Problem invalidSpec(InvalidSpecException e) {
        return new Problem("https://milotune.dev/problems/invalid-spec", "Invalid study spec", 400, e.getMessage(), e.field(), e.value(),
                e.rule());
    }

    static Problem conflict(String detail) {
        return Problem.of(409, "Conflict", detail);
    }

    /**
     * An uploaded file that breaks a rule: {@code field} is the part ({@code embeddings},
     * {@code labels}, {@code classNames}), {@code value} where in it ("byte 4096", "row 17 (byte
     * 1234)"), {@code rule} what was expected there.
     *
     * @param fileName the name the client gave the file, if any
     */
    static Problem invalidUpload(MalformedDataException e, String fileName) {
        String file = fileName == null || fileName.isEmpty() ? e.file() : e.file() + " (" + fileName + ")";
        return invalidUpload(file + ", " + e.location() + ": " + e.problem(), e.file(), e.location(), e.problem());
    }

    /** A dataset upload that breaks a rule: a part missing, unknown or sent twice, or a file ({@link #invalidUpload(MalformedDataException, String)}). */
    static Problem invalidUpload(String detail, String field, Object value, String rule) {
        return new Problem("https://milotune.dev/problems/invalid-upload", "Invalid dataset upload", 400, detail, field, value, rule);
    }
}
