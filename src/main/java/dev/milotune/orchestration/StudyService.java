package dev.milotune.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.milotune.data.DatasetInfo;
import dev.milotune.data.DatasetKind;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.Datasets;
import dev.milotune.data.Encoders;
import dev.milotune.data.RegisteredDataset;
import dev.milotune.data.RegisteredDatasets;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.machine.Agreement;
import dev.milotune.machine.Leaderboard;
import dev.milotune.scheduling.Schedulers;
import dev.milotune.machine.StudySetup;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.ModelFamily;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The orchestrator's doorway for the API: validate and submit studies, read their trials,
 * leaderboards and comparisons, cancel them.
 */
@ApplicationScoped
public class StudyService {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The family of workers that bring their own model and data (docs/external-workers.md). */
    private final StudyRepository studies;
    private final TrialRepository trials;
    private final ReportRepository reports;
    private final PlanRepository plans;
    private final FactRepository facts;
    private final Conductor conductor;
    private final DataDirectory dataDir;
    private final Clock clock;

    StudyService(StudyRepository studies, TrialRepository trials, ReportRepository reports, PlanRepository plans,
            FactRepository facts, Conductor conductor, MilotuneConfig config, Clock clock) {
        this.studies = studies;
        this.trials = trials;
        this.reports = reports;
        this.plans = plans;
        this.facts = facts;
        this.conductor = conductor;
        this.dataDir = new DataDirectory(config.dataDir());
        this.clock = clock;
    }

    /** Every check of a submit, nothing started; the spec with its defaults. */
    public StudySpec validate(String json) {
        return check(StudySpecReader.read(json, 0));
    }

    /** Stores and launches a study; a spec without a seed gets one, recorded in the stored spec. */
    public Study submit(String json) {
        JsonNode root = parse(json);
        if (root instanceof ObjectNode object && !object.hasNonNull("seed")) {
            object.put("seed", new SplittableRandom().nextLong(1L << 40));
        }
        StudySpec spec = check(StudySpecReader.read(root, 0));
        Study study = Study.create(UUID.randomUUID().toString(), spec.name(), root.toString(), spec.seed(), clock.instant());
        create(study);
        conductor.launch(study);
        return studies.find(study.id()).orElse(study);
    }

    @Transactional
    void create(Study study) {
        studies.create(study);
    }

    private StudySpec check(StudySpec spec) {
        StudySetup.schedulerOptions(spec);
        String name = spec.dataset().name();
        if (new RegisteredDatasets(dataDir).find(name).isPresent()) {
            return checkRegistered(spec);
        }
        DatasetInfo dataset = Datasets.catalogue(dataDir).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidSpecException("dataset.name", name, "must be one of " + Datasets.names()
                        + " or a registered dataset (GET /api/v1/datasets)"));
        // A set not fetched yet is fetched while the study plans (FetchService); a fixture cannot be.
        if (!dataset.available() && !DatasetFetcher.canFetch(dataset.name())) {
            throw new InvalidSpecException("dataset.name", spec.dataset().name(),
                    "must be a dataset this service can load or fetch: the test fixtures ship with the test class path only");
        }
        if (!Encoders.NAMES.contains(spec.dataset().encoder())) {
            throw new InvalidSpecException("dataset.encoder", spec.dataset().encoder(), "must be one of " + Encoders.NAMES);
        }
        ModelFamily family = ModelFamily.byId(spec.model().family()).orElseThrow();
        boolean text = dataset.kind() == DatasetKind.TEXT;
        if (text && (family == ModelFamily.MLP || family == ModelFamily.CNN)) {
            throw new InvalidSpecException("model.family", family.id(), "does not train on text; use embedding-mlp or text-bag for "
                    + dataset.name());
        }
        if (!text && family == ModelFamily.TEXT_BAG) {
            throw new InvalidSpecException("model.family", family.id(), "needs a text dataset, but " + dataset.name() + " is "
                    + dataset.kind().name().toLowerCase());
        }
        if (family == ModelFamily.CNN && dataset.kind() != DatasetKind.IMAGE) {
            throw new InvalidSpecException("model.family", family.id(), "needs an image dataset, but " + dataset.name() + " is "
                    + dataset.kind().name().toLowerCase());
        }
        return spec;
    }

    /**
     * A registered dataset has embeddings and labels but no items, so only workers that bring their
     * own data train on it (family {@code external}); its encoder is the user's.
     */
    private static StudySpec checkRegistered(StudySpec spec) {
        String name = spec.dataset().name();
        if (!spec.model().family().equals(ModelFamily.EXTERNAL.id())) {
            throw new InvalidSpecException("dataset.name", name, "must be a catalogue dataset for model.family " + spec.model().family()
                    + ": " + name + " is a registered dataset (embeddings and labels, no items to train on), which only model.family "
                    + ModelFamily.EXTERNAL.id() + " may use");
        }
        if (!spec.dataset().encoder().equals("default")) {
            throw new InvalidSpecException("dataset.encoder", spec.dataset().encoder(), "must be default for registered dataset " + name
                    + ": its embeddings are " + RegisteredDataset.ENCODER);
        }
        return spec;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("body", null, "must be a JSON object (" + e.getOriginalMessage() + ")");
        }
    }

    public List<Study> list() {
        return studies.list();
    }

    public Study get(String id) {
        return studies.find(id).orElseThrow(() -> new NotFoundException("no study with id " + id));
    }

    public StudySpec spec(Study study) {
        return StudySpecReader.read(study.spec(), study.seed());
    }

    /** The study's trials by number: as its machine holds them while it runs here (leases up to date), else as stored. */
    public List<Trial> trials(String studyId) {
        get(studyId);
        return conductor.runningTrials(studyId).orElseGet(() -> trials.forStudy(studyId));
    }

    public List<TrialReport> reports(String trialId) {
        return reports.forTrial(trialId);
    }

    /** How far the study's rungs agree with full data (checks, or data fidelity's top rung). */
    public Agreement agreement(Study study) {
        StudySpec spec = spec(study);
        Optional<Integer> fullDataRung = spec.scheduler().fidelity() == StudySpec.Fidelity.DATA
                ? Optional.of(Schedulers.create(StudySetup.schedulerOptions(spec)).rungs(0).size() - 1) : Optional.empty();
        return Agreement.of(facts.forStudy(study.id()), trials(study.id()), spec.objective().direction(), fullDataRung);
    }

    public List<Trial> leaderboard(String studyId) {
        Study study = get(studyId);
        return Leaderboard.rank(trials(studyId), spec(study).objective().direction());
    }

    public Study cancel(String studyId) {
        Study study = get(studyId);
        if (study.state().isTerminal() || !conductor.cancel(studyId)) {
            throw new ConflictException("study " + studyId + " is " + study.state() + "; only a study that has not ended can be cancelled");
        }
        return get(studyId);
    }

    /**
     * What a study cost and chose.
     *
     * @param tuningSeconds sum of the search trials' and full-data checks' training time (the papers' tuning time)
     * @param retrainSeconds training time of the final full-data retrain
     * @param preprocessingSeconds MILO's one-off encoding and selection time of the study's plans
     * @param wallSeconds from start to end (or now, while it runs)
     * @param best the leaderboard's first search trial
     * @param chosen the trial whose value made the study's choice, the configuration its final retrain
     *     trains: the best full-data check, else the leaderboard's first ({@link Leaderboard#choice})
     * @param agreement how far the study's rungs agree with full data
     */
    public record Cost(Study study, int searchTrials, double tuningSeconds, double retrainSeconds, double preprocessingSeconds,
            double wallSeconds, Optional<Trial> best, Optional<Trial> chosen, Agreement agreement) {
    }

    public Cost cost(Study study) {
        List<Trial> all = trials.forStudy(study.id());
        // The full-data checks are part of choosing: they count as tuning.
        double tuning = all.stream().filter(t -> t.purpose() != Trial.Purpose.RETRAIN).mapToDouble(Trial::trainingSeconds).sum();
        double retrain = all.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).mapToDouble(Trial::trainingSeconds).sum();
        double preprocessing = study.planIds().stream().map(plans::find).flatMap(Optional::stream)
                .mapToDouble(PlanRecord::preprocessingSeconds).sum();
        double wall = study.startedAt().map(s -> Duration.between(s, study.finishedAt().orElse(clock.instant())).toMillis() / 1000.0)
                .orElse(0.0);
        StudySpec spec = spec(study);
        List<Trial> ranked = Leaderboard.rank(all, spec.objective().direction());
        return new Cost(study, (int) all.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).count(), tuning, retrain,
                preprocessing, wall, ranked.stream().findFirst(), Leaderboard.choice(all, spec.objective().direction()), agreement(study));
    }

    /** Costs of several studies, in the order asked. */
    public List<Cost> compare(List<String> ids) {
        if (ids.size() < 2) {
            throw new InvalidSpecException("studies", String.join(",", ids), "must name at least two studies");
        }
        List<Cost> costs = new ArrayList<>();
        for (String id : ids) {
            costs.add(cost(get(id)));
        }
        return costs;
    }
}
