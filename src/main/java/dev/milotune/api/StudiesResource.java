package dev.milotune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.access.Caller;
import dev.milotune.access.StudyOwners;
import dev.milotune.api.StudyViews.AgreementView;
import dev.milotune.api.StudyViews.LeaderboardRow;
import dev.milotune.api.StudyViews.ReportView;
import dev.milotune.api.StudyViews.StudyView;
import dev.milotune.api.StudyViews.TrialView;
import dev.milotune.api.StudyViews.TrialWithReports;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.orchestration.StudyService;
import dev.milotune.orchestration.WorkerRegistry;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class StudiesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyService service;
    private final StudyEventStream events;
    private final StudyOwners owners;
    private final CurrentCaller caller;
    private final MilotuneConfig config;
    private final WorkerRegistry workers;

    StudiesResource(StudyService service, StudyEventStream events, StudyOwners owners, CurrentCaller caller, MilotuneConfig config,
            WorkerRegistry workers) {
        this.workers = workers;
        this.config = config;
        this.service = service;
        this.events = events;
        this.owners = owners;
        this.caller = caller;
    }

    @POST
    @Path("studies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a tuning study (docs/study-spec.md); 201 with its Location, 400 naming the field, value and rule")
    public Response submit(@RequestBody(description = "study spec") String body, UriInfo uri) {
        Caller who = caller.get();
        if (!who.isAdmin() && owners.activeOf(who) >= config.auth().maxActiveStudies()) {
            return ProblemMappers.respond(Problem.of(429, "Too many studies",
                    who.label() + " has " + config.auth().maxActiveStudies() + " studies in flight, its quota "
                            + "(milotune.auth.max-active-studies); cancel one or wait for one to end"));
        }
        Study study = service.submit(body);
        owners.record(study.id(), caller.get());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/studies").path(study.id()).build()).entity(view(study)).build();
    }

    @POST
    @Path("studies:validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run every check of a submit and return the spec with its defaults; nothing is started")
    public Map<String, Object> validate(String body) {
        StudySpec spec = service.validate(body);
        return Map.of("valid", true, "name", spec.name(), "maxTrials", spec.maxTrials(),
                "scheduler", spec.scheduler().kind().name().toLowerCase(Locale.ROOT),
                "sampler", spec.sampler().kind().name().toLowerCase(Locale.ROOT),
                "subsetStrategy", spec.subset().strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    @GET
    @Path("studies")
    @Operation(summary = "All studies, newest first")
    public List<StudyView> list() {
        return service.list().stream().map(this::view).toList();
    }

    @GET
    @Path("studies/{id}")
    public StudyView get(@PathParam("id") String id) {
        return view(service.get(id));
    }

    @POST
    @Path("studies/{id}:cancel")
    @Operation(summary = "Cancel a study that has not ended (409 otherwise); members cancel their own studies (403 otherwise)")
    public StudyView cancel(@PathParam("id") String id) {
        service.get(id);
        if (!owners.mayChange(caller.get(), id)) {
            throw new ForbiddenException(caller.get().label() + " did not submit study " + id + "; only its owner or an admin may cancel it");
        }
        return view(service.cancel(id));
    }

    @GET
    @Path("studies/{id}/trials")
    @Operation(summary = "The study's trials with their per-epoch reports")
    public List<TrialWithReports> trials(@PathParam("id") String id) {
        return service.trials(id).stream()
                .map(t -> new TrialWithReports(TrialView.of(t), service.reports(t.id()).stream().map(ReportView::of).toList()))
                .toList();
    }

    @GET
    @Path("studies/{id}/leaderboard")
    @Operation(summary = "Search trials ranked by highest rung reached, then best objective there, then time")
    public List<LeaderboardRow> leaderboard(@PathParam("id") String id) {
        List<Trial> ranked = service.leaderboard(id);
        Map<dev.milotune.space.Configuration, Double> checks = new java.util.HashMap<>();
        service.trials(id).stream().filter(t -> t.purpose() == Trial.Purpose.CHECK && t.bestValue().isPresent())
                .forEach(t -> checks.put(t.configuration(), t.bestValue().get()));
        List<LeaderboardRow> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            rows.add(new LeaderboardRow(i + 1, TrialView.of(ranked.get(i)), checks.get(ranked.get(i).configuration())));
        }
        return rows;
    }

    @GET
    @Path("studies/{id}/events")
    // The study lookup reads the database, which the IO thread may not do; the stream itself is asynchronous.
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events of the study's progress (state, phase, trials, epochs, best); the stream ends with the study")
    public Multi<StudyEventStream.EventView> events(@PathParam("id") String id) {
        service.get(id);
        // Once the stream listens: a study that has ended says how, and its stream ends.
        return events.forStudy(id, () -> {
            Study study = service.get(id);
            return study.state().isTerminal()
                    ? java.util.Optional.of(StudyEventStream.EventView.of(new dev.milotune.machine.StudyEvent.StateChanged(id,
                            study.state(), study.error().orElse(null), study.finishedAt().orElse(study.updatedAt()))))
                    : java.util.Optional.empty();
        });
    }

    StudyView view(Study s) {
        StudySpec spec = service.spec(s);
        List<Trial> trials = service.trials(s.id());
        int finished = (int) trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH && t.state().isTerminal()).count();
        int started = (int) trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).count();
        return new StudyView(s.id(), s.name(), s.state().name(), s.phase().name(), s.seed(), spec.dataset().name(), spec.model().family(),
                lower(spec.subset().strategy().name()), spec.subset().fraction(), lower(spec.scheduler().kind().name()),
                lower(spec.scheduler().fidelity().name()), lower(spec.sampler().kind().name()), spec.objective().metric(),
                lower(spec.objective().direction().name()), spec.maxTrials(), started, finished, s.planIds(),
                s.bestValue().orElse(null), s.bestTrialId().orElse(null), s.finalTestAccuracy().orElse(null),
                s.error().orElse(null), AgreementView.of(service.agreement(s)), s.createdAt(), s.startedAt().orElse(null),
                s.finishedAt().orElse(null), specMap(s.spec()), spec.worker().pool(),
                workers.aliveSlotsByPool(config.worker().heartbeatInterval().multipliedBy(3)).getOrDefault(spec.worker().pool(), 0));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> specMap(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec is not JSON", e);
        }
    }
}
