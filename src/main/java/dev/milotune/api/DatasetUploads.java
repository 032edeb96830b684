package dev.milotune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.access.Caller;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.MalformedDataException;
import dev.milotune.data.Registration;
import dev.milotune.orchestration.ConflictException;
import dev.milotune.orchestration.DatasetService;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.LogText;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/datasets}: registers a dataset from the user's embeddings and labels
 * (docs/data.md, "Your own embeddings"). The request is {@code multipart/form-data} with the form
 * field {@code name}, the files {@code embeddings} and {@code labels} (.npy) and optionally
 * {@code classNames} (a JSON array, as a field or a file). 201 with the dataset when stored, 200
 * when the name already holds the same content, 400 naming the part, where in it and the rule,
 * 409 for a name that is taken, 413 over {@code milotune.datasets.max-upload-bytes} (at once
 * from a declared Content-Length, else when the bytes that arrived pass it).
 *
 * <p>Served by a Vert.x route ahead of RESTEasy and of the server's body limit (512 KiB, which
 * every other request keeps): the files are streamed to disk under the data dir as they arrive,
 * with backpressure, never held in memory, and checked on a worker thread once complete. The access rules and the
 * problem details are those of the REST resources ({@link AccessRules}, {@link ProblemMappers});
 * registering changes state, so it needs a member or admin token. The upload is a form, which the
 * JSON-only rule refuses everywhere else: the token travels in a header, never in a cookie, so a
 * form posted from another site carries none.
 */
@ApplicationScoped
class DatasetUploads {

    static final String PATH = "/api/v1/datasets";
    /** Parts sent as files. */
    private static final Set<String> FILE_PARTS = Set.of("embeddings", "labels", "classNames");
    /** Parts sent as form fields. */
    private static final Set<String> FIELD_PARTS = Set.of("name", "classNames");
    /** Class names sent as a file are read into memory: at most this many bytes. */
    static final long MAX_CLASS_NAMES_BYTES = 8L << 20;
    private static final String USAGE = "POST /api/v1/datasets takes multipart/form-data: the field name, the .npy files embeddings and"
            + " labels, optionally classNames (curl -F name=my-set -F embeddings=@emb.npy -F labels=@labels.npy)";
    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);

    private final AccessRules rules;
    private final DatasetService datasets;
    private final ObjectMapper json;
    private final long maxUploadBytes;
    private final boolean continuesAutomatically;

    DatasetUploads(AccessRules rules, DatasetService datasets, ObjectMapper json, MilotuneConfig config,
            @ConfigProperty(name = "quarkus.http.handle-100-continue-automatically", defaultValue = "false") boolean continuesAutomatically) {
        this.rules = rules;
        this.datasets = datasets;
        this.json = json;
        this.maxUploadBytes = config.datasets().maxUploadBytes();
        this.continuesAutomatically = continuesAutomatically;
        if (maxUploadBytes < 1) {
            throw new IllegalStateException("milotune.datasets.max-upload-bytes is " + maxUploadBytes + ", but must be >= 1");
        }
    }

    /** Ahead of the server's body limit, which would answer 413 to any upload over 512 KiB. */
    void install(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::accept);
    }

    private void accept(RoutingContext context) {
        // The body waits while the caller is checked (at once for an API token; an OIDC token may need the provider's keys).
        rules.admitRoute(context, "POST", PATH, admission -> admitted(context, admission));
    }

    private void admitted(RoutingContext context, AccessRules.Admission admission) {
        HttpServerRequest request = context.request();
        if (admission instanceof AccessRules.Refused refused) {
            refuse(context, refused.problem());
            return;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            refuse(context, Problem.of(415, "Unsupported media type", USAGE + ", not " + (type == null ? "no Content-Type" : type)));
            return;
        }
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared > maxUploadBytes) {
            refuse(context, tooLarge(declared + " bytes"));
            return;
        }
        if (!continuesAutomatically && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        new Upload(context, ((AccessRules.Admitted) admission).caller()).start();
    }

    private Problem tooLarge(String size) {
        return Problem.of(413, "Request entity too large", "the upload is " + size + ", but at most " + maxUploadBytes
                + " bytes are accepted (milotune.datasets.max-upload-bytes)");
    }

    /** The declared Content-Length; -1 for none (a chunked upload, counted as it arrives). */
    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Refuses an upload without storing it. A small body (declared, or chunked and counted) is read
     * and dropped first, then answered on a connection that stays open: a client still writing it would otherwise meet a
     * closed connection (a broken pipe instead of the answer). Anything else is answered before
     * its body is read, and the connection closed, so that what the client still sends is not
     * read as a request.
     */
    private void refuse(RoutingContext context, Problem problem) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", ProblemMappers.BEARER_CHALLENGE);
        }
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        boolean waitsForContinue = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (waitsForContinue || declared > DRAINED_BYTES) {
            answerAndClose(request, response, problem);
        } else if (request.isEnded()) {
            send(response, problem.status(), ProblemMappers.PROBLEM.toString(), problem);
        } else {
            // A declared small body, or a chunked one (counted as it arrives, cut off past the limit).
            long[] read = {0};
            request.handler(chunk -> {
                read[0] += chunk.length();
                if (read[0] > DRAINED_BYTES && !response.ended()) {
                    answerAndClose(request, response, problem);
                }
            }).endHandler(end -> {
                if (!response.ended()) {
                    send(response, problem.status(), ProblemMappers.PROBLEM.toString(), problem);
                }
            });
            request.resume();
        }
    }

    private void answerAndClose(HttpServerRequest request, HttpServerResponse response, Problem problem) {
        response.putHeader(HttpHeaders.CONNECTION, "close");
        send(response, problem.status(), ProblemMappers.PROBLEM.toString(), problem)
                .onComplete(done -> request.connection().close());
    }

    /** The most a refused upload's body is read to answer it on an open connection. */
    private static final long DRAINED_BYTES = 1 << 20;

    private Future<Void> send(HttpServerResponse response, int status, String contentType, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view is always JSON", e);
        }
        return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(text);
    }

    /**
     * One request: its file parts streamed to files in a directory of its own as they arrive (bytes
     * counted against the limit), then registered on a worker thread, then the directory removed.
     * Runs on the request's event loop, except the registration.
     */
    private final class Upload {

        private final RoutingContext context;
        private final Caller caller;
        private final Path directory;
        private final Map<String, Path> files = new HashMap<>();
        private final Map<String, String> fileNames = new HashMap<>();
        private final List<Future<Void>> writes = new ArrayList<>();
        private final List<AsyncFile> open = new ArrayList<>();
        private long received;
        /** The first rule the parts broke, answered once the body is read. */
        private Problem problem;
        private boolean answered;

        Upload(RoutingContext context, Caller caller) {
            this.context = context;
            this.caller = caller;
            this.directory = datasets.newUploadDirectory();
        }

        void start() {
            HttpServerRequest request = context.request();
            request.setExpectMultipart(true);
            request.uploadHandler(this::part);
            request.exceptionHandler(this::broken);
            request.endHandler(end -> Future.join(writes).onComplete(written -> register()));
        }

        private void part(HttpServerFileUpload upload) {
            String part = upload.name();
            if (answered || !FILE_PARTS.contains(part) || files.containsKey(part)) {
                if (!answered) {
                    reject(badPart(part, !FILE_PARTS.contains(part) ? "is not a part of a dataset upload" : "is sent twice"));
                }
                upload.handler(chunk -> count(chunk.length()));
                return;
            }
            Path file = directory.resolve(part + ".upload");
            files.put(part, file);
            fileNames.put(part, upload.filename());
            Promise<Void> written = Promise.promise();
            writes.add(written.future());
            upload.pause();
            context.vertx().fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true)).onComplete(opened -> {
                if (opened.failed()) {
                    written.fail(opened.cause());
                    upload.handler(chunk -> count(chunk.length()));
                    upload.resume();
                    return;
                }
                AsyncFile out = opened.result();
                open.add(out);
                out.exceptionHandler(written::tryFail);
                upload.exceptionHandler(written::tryFail);
                upload.handler(chunk -> {
                    if (count(chunk.length())) {
                        out.write(chunk);
                        if (out.writeQueueFull()) {
                            upload.pause();
                            out.drainHandler(drained -> upload.resume());
                        }
                    }
                });
                upload.endHandler(end -> out.close().onComplete(closed -> {
                    open.remove(out);
                    if (closed.succeeded()) {
                        written.tryComplete();
                    } else {
                        written.tryFail(closed.cause());
                    }
                }));
                upload.resume();
            });
        }

        /** Counts what arrived; false once the upload is over the limit (then answered 413) or answered otherwise. */
        private boolean count(int bytes) {
            received += bytes;
            if (!answered && received > maxUploadBytes) {
                abort(tooLarge("over " + maxUploadBytes + " bytes"));
            }
            return !answered;
        }

        private void register() {
            if (answered) {
                return;
            }
            MultiMap fields = context.request().formAttributes();
            for (String field : fields.names()) {
                if (!FIELD_PARTS.contains(field)) {
                    reject(badPart(field, "is not a part of a dataset upload"));
                } else if (fields.getAll(field).size() > 1 || files.containsKey(field)) {
                    reject(badPart(field, "is sent twice"));
                }
            }
            String name = fields.get("name");
            if (name == null) {
                reject(ProblemMappers.invalidUpload("name is missing: " + USAGE, "name", null, "is required, as a form field"));
            }
            for (String part : List.of("embeddings", "labels")) {
                if (!files.containsKey(part)) {
                    reject(ProblemMappers.invalidUpload(part + " is missing: " + USAGE, part, null, "is required, as a .npy file"));
                }
            }
            writes.stream().filter(Future::failed).findFirst().ifPresent(failed -> {
                LOG.errorf(failed.cause(), "Storing an upload under %s failed", directory);
                reject(Problem.of(500, "Internal Server Error", "the upload could not be stored: " + failed.cause().getMessage()));
            });
            if (problem != null) {
                removeDirectoryLater();
                answer(problem.status(), ProblemMappers.PROBLEM.toString(), problem, Optional.empty());
                return;
            }
            Optional<String> classNamesField = Optional.ofNullable(fields.get("classNames"));
            context.vertx().executeBlocking(() -> {
                try {
                    Optional<String> classNames = classNamesField.isPresent() ? classNamesField : classNamesFile();
                    return datasets.register(name, files.get("embeddings"), files.get("labels"), classNames, caller.name());
                } finally {
                    removeDirectory();
                }
            }, false).onComplete(done -> {
                if (done.succeeded()) {
                    Registration registration = done.result();
                    answer(registration instanceof Registration.Created ? 201 : 200, "application/json",
                            DatasetView.of(registration.dataset(), true), Optional.of(PATH + "/" + registration.dataset().name()));
                } else {
                    Problem refused = problem(done.cause());
                    answer(refused.status(), ProblemMappers.PROBLEM.toString(), refused, Optional.empty());
                }
            });
        }

        private Optional<String> classNamesFile() throws IOException {
            Path file = files.get("classNames");
            if (file == null) {
                return Optional.empty();
            }
            long size = Files.size(file);
            if (size > MAX_CLASS_NAMES_BYTES) {
                throw new MalformedDataException("classNames", "byte " + MAX_CLASS_NAMES_BYTES, "the file is " + size
                        + " bytes, but class names may take at most " + MAX_CLASS_NAMES_BYTES);
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        }

        private Problem problem(Throwable failure) {
            if (failure instanceof InvalidSpecException e) {
                return ProblemMappers.invalidSpec(e);
            }
            if (failure instanceof MalformedDataException e) {
                return ProblemMappers.invalidUpload(e, InvalidSpecException.abbreviate(fileNames.get(e.file())));
            }
            if (failure instanceof ConflictException e) {
                return ProblemMappers.conflict(e.getMessage());
            }
            LOG.errorf(failure, "Registering a dataset upload by %s failed", LogText.escape(caller.name()));
            return Problem.of(500, "Internal Server Error", "registering the dataset failed: " + failure.getMessage());
        }

        /** The client broke off, or sent what cannot be decoded. */
        private void broken(Throwable failure) {
            LOG.debugf(failure, "Dataset upload by %s broke off", LogText.escape(caller.name()));
            abort(Problem.of(400, "Bad request", "the upload could not be read (" + failure.getMessage() + "); " + USAGE));
        }

        /** Answers now (if the connection still can be), closes the connection and discards what arrived. */
        private void abort(Problem refusal) {
            if (answered) {
                return;
            }
            answered = true;
            HttpServerResponse response = context.response();
            if (!response.ended() && !response.closed()) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
                send(response, refusal.status(), ProblemMappers.PROBLEM.toString(), refusal)
                        .onComplete(sent -> context.request().connection().close());
            }
            for (AsyncFile out : List.copyOf(open)) {
                out.close();
            }
            open.clear();
            removeDirectoryLater();
        }

        private void reject(Problem found) {
            if (problem == null) {
                problem = found;
            }
        }

        private void answer(int status, String contentType, Object body, Optional<String> location) {
            if (answered) {
                return;
            }
            answered = true;
            location.ifPresent(l -> context.response().putHeader(HttpHeaders.LOCATION, l));
            send(context.response(), status, contentType, body);
        }

        private void removeDirectoryLater() {
            context.vertx().executeBlocking(() -> {
                removeDirectory();
                return null;
            }, false).onFailure(e -> LOG.warnf(e, "Upload directory %s was not removed", directory));
        }

        private void removeDirectory() {
            if (!Files.exists(directory)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove upload directory " + directory, e);
            }
        }
    }

    private static Problem badPart(String part, String rule) {
        String shown = InvalidSpecException.abbreviate(part);
        return ProblemMappers.invalidUpload("part " + LogText.escape(shown) + " " + rule + "; " + USAGE, "part", shown, rule);
    }
}
