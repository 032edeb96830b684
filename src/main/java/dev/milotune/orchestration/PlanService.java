package dev.milotune.orchestration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.Datasets;
import dev.milotune.data.EmbeddingCache;
import dev.milotune.data.Encoder;
import dev.milotune.data.EncoderOptions;
import dev.milotune.data.Encoders;
import dev.milotune.data.RegisteredDataset;
import dev.milotune.data.RegisteredDatasets;
import dev.milotune.data.SplitRole;
import dev.milotune.data.SplitSpec;
import dev.milotune.selection.MiloPlanner;
import dev.milotune.selection.PlanOptions;
import dev.milotune.selection.PlanProvenance;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Computes MILO subset plans once and reuses them: a plan is identified by the hash of its inputs
 * (dataset, encoder, fraction, plan seed, code version), so every study on the same dataset,
 * encoder and fraction trains on the same plan. The embeddings come from the embedding cache (a
 * dataset is encoded once per encoder), or, for a registered dataset, from its stored files. Plans
 * are computed one at a time on their own thread; the progress of each request is visible while it
 * runs.
 */
@ApplicationScoped
public class PlanService {

    private static final Logger LOG = Logger.getLogger(PlanService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The plans a study needs: one per fraction (several for data-fidelity rungs). */
    public record PlanRequest(String dataset, String encoder, List<Double> fractions) {
        public PlanRequest {
            fractions = List.copyOf(fractions);
        }

        String key() {
            return dataset + "|" + encoder + "|" + fractions;
        }
    }

    public enum State {
        COMPUTING,
        READY,
        FAILED
    }

    /**
     * Where a request stands: the current stage ({@code load}, {@code encode}, then the selection's
     * stages) with items done of total, and the plan ids once ready.
     */
    public record PlanProgress(PlanRequest request, State state, String stage, long done, long total, List<String> planIds,
            Optional<String> error, Instant startedAt) {
    }

    private final DataDirectory dataDir;
    private final RegisteredDatasets registered;
    private final Path planDir;
    private final MilotuneConfig.Plans settings;
    private final PlanRepository plans;
    private final TrialDispatch dispatch;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "milotune-plans");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<List<String>>> running = new ConcurrentHashMap<>();
    private final Map<String, PlanProgress> progress = new ConcurrentHashMap<>();

    PlanService(MilotuneConfig config, PlanRepository plans, TrialDispatch dispatch, Clock clock) {
        this.dataDir = new DataDirectory(config.dataDir());
        this.registered = new RegisteredDatasets(dataDir);
        this.planDir = config.dataDir().resolve("plans");
        this.settings = config.plans();
        this.plans = plans;
        this.dispatch = dispatch;
        this.clock = clock;
    }

    /**
     * The plan ids for the request, in its fraction order; computed at most once at a time per request.
     *
     * @throws InvalidSpecException for an encoder other than {@code default} on a registered dataset
     */
    public CompletableFuture<List<String>> ensure(PlanRequest request) {
        if (!request.encoder().equals("default") && registered.find(request.dataset()).isPresent()) {
            throw new InvalidSpecException("encoder", request.encoder(), "must be default for registered dataset " + request.dataset()
                    + ": its embeddings are " + RegisteredDataset.ENCODER);
        }
        return running.compute(request.key(), (key, current) -> {
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            progress.put(key, new PlanProgress(request, State.COMPUTING, "queued", 0, 0, List.of(), Optional.empty(), clock.instant()));
            return CompletableFuture.supplyAsync(() -> compute(request), executor);
        });
    }

    public Optional<PlanProgress> progress(PlanRequest request) {
        return Optional.ofNullable(progress.get(request.key()));
    }

    public List<PlanProgress> allProgress() {
        return List.copyOf(progress.values());
    }

    public Optional<PlanRecord> find(String planId) {
        return plans.find(planId);
    }

    public List<PlanRecord> list() {
        return plans.list();
    }

    /** The stored plan itself. */
    public Optional<SubsetPlan> load(String planId) {
        Path file = planDir.resolve(planId + ".plan");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubsetPlan.fromBytes(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan file " + file, e);
        }
    }

    /** What a plan is computed from: a dataset's training embeddings and labels, and where they came from. */
    private record PlanInputs(float[][] embeddings, int[] labels, String encoderId, String datasetHash, int numClasses,
            double encodeSeconds) {
    }

    private List<String> compute(PlanRequest request) {
        String key = request.key();
        Instant started = clock.instant();
        try {
            stage(request, "load", 0, 1, started);
            Optional<RegisteredDataset> own = registered.find(request.dataset());
            PlanInputs inputs = own.isPresent() ? registeredInputs(own.get()) : catalogueInputs(request, started);
            float[][] embeddings = inputs.embeddings();
            int[] labels = inputs.labels();
            PlanOptions options = PlanOptions.defaults(settings.seed()).withSubsets(settings.subsets())
                    .withSource(inputs.encoderId(), inputs.datasetHash()).withNumClasses(inputs.numClasses());

            List<String> ids = new ArrayList<>();
            List<Double> missing = new ArrayList<>();
            for (double fraction : request.fractions()) {
                String id = MiloPlanner.planKey(embeddings, labels, options.withFraction(fraction)).id();
                ids.add(id);
                if (!Files.exists(planDir.resolve(id + ".plan")) || plans.find(id).isEmpty()) {
                    missing.add(fraction);
                }
            }
            if (!missing.isEmpty()) {
                long planStart = System.nanoTime();
                List<SubsetPlan> computed = MiloPlanner.ladder(embeddings, labels,
                        missing.stream().mapToDouble(Double::doubleValue).toArray(), options,
                        (stage, done, total) -> stage(request, stage, done, total, started));
                double planSeconds = (System.nanoTime() - planStart) / 1e9;
                for (SubsetPlan plan : computed) {
                    store(plan, request, inputs.datasetHash(), inputs.encoderId(), inputs.encodeSeconds() + planSeconds);
                }
            } else {
                LOG.infof("Reusing MILO plans %s for %s", ids, LogText.escape(key));
            }
            progress.put(key, new PlanProgress(request, State.READY, "ready", 1, 1, ids, Optional.empty(), started));
            return ids;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Computing plans for %s failed", LogText.escape(key));
            progress.put(key, new PlanProgress(request, State.FAILED, "failed", 0, 0, List.of(),
                    Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()), started));
            throw e;
        }
    }

    /** A catalogue dataset's train split, encoded by the request's encoder (through the embedding cache). */
    private PlanInputs catalogueInputs(PlanRequest request, Instant started) {
        Dataset dataset = Datasets.load(request.dataset(), dataDir, SplitSpec.defaults());
        long encodeStart = System.nanoTime();
        float[][] embeddings;
        String encoderId;
        try (Encoder encoder = Encoders.named(request.encoder(), dataset, EncoderOptions.defaults(dataDir))) {
            encoderId = encoder.id() + "@" + encoder.version();
            embeddings = new EmbeddingCache(dataDir).embeddings(dataset, SplitRole.TRAIN, encoder,
                    (done, total, rate) -> stage(request, "encode", done, total, started));
        }
        double encodeSeconds = (System.nanoTime() - encodeStart) / 1e9;
        return new PlanInputs(embeddings, dataset.train().labels(), encoderId, dataset.contentHash(), dataset.numClasses(), encodeSeconds);
    }

    /**
     * A registered dataset's stored embeddings and labels, all rows in upload order: the plan is the
     * one {@code milotune select} makes from the same files with {@code --encoder-id user-supplied
     * --dataset-hash <contentHash>} and the same seed and subsets. Classes come from the labels (a
     * class named in classNames without rows is no error).
     */
    private PlanInputs registeredInputs(RegisteredDataset dataset) {
        try {
            return new PlanInputs(registered.embeddings(dataset), registered.labels(dataset), RegisteredDataset.ENCODER, dataset.contentHash(),
                    0, 0.0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registered dataset " + dataset.name(), e);
        }
    }

    private void store(SubsetPlan plan, PlanRequest request, String datasetHash, String encoderId, double seconds) {
        byte[] bytes = plan.toBytes();
        Path file = planDir.resolve(plan.id() + ".plan");
        try {
            Files.createDirectories(planDir);
            Path temp = Files.createTempFile(planDir, plan.id(), ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plan file " + file, e);
        }
        dispatch.publishPlan(plan.id(), bytes);
        plans.saveIfAbsent(new PlanRecord(plan.id(), request.dataset(), datasetHash, encoderId, plan.fraction(),
                bytes.length, file.toString(), seconds, provenance(plan.provenance()), clock.instant()));
        LOG.infof("MILO plan %s for %s at %.3f: %d bytes, %.1f s of pre-processing", plan.id(), LogText.escape(request.dataset()), plan.fraction(),
                bytes.length, seconds);
    }

    private static String provenance(PlanProvenance p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", p.key().canonical());
        Map<String, Long> timings = new LinkedHashMap<>();
        p.timings().forEach(t -> timings.put(t.stage(), t.millis()));
        json.put("timingsMillis", timings);
        json.put("peakResidentBytes", p.peakResidentBytes());
        json.put("estimatedPeakBytes", p.estimatedPeakBytes());
        json.put("wreProbabilityRatio", p.wreProbabilityRatio());
        json.put("groundSets", p.groundSets());
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stage(PlanRequest request, String stage, long done, long total, Instant started) {
        progress.put(request.key(), new PlanProgress(request, State.COMPUTING, stage, done, total, List.of(), Optional.empty(), started));
    }
}
