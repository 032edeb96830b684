package dev.milotune.bench;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.Dataset;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.Datasets;
import dev.milotune.data.EmbeddingCache;
import dev.milotune.data.Encoder;
import dev.milotune.data.EncoderOptions;
import dev.milotune.data.Encoders;
import dev.milotune.data.SplitRole;
import dev.milotune.data.SplitSpec;
import dev.milotune.orchestration.PlanRecord;
import dev.milotune.orchestration.PlanService;
import dev.milotune.orchestration.StudyService;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code milotune bench} once its options are checked ({@link BenchCommand}): the speedup
 * experiment, every arm once per seed (the design's seed, then the next ones), or the orchestrator
 * experiment. Runs in the started service (embedded broker, database, orchestrator, local
 * workers), submits each arm's study through {@link StudyService} one after the other (so that
 * arms never share the cores), waits for each to end, then writes results.json, report.md, the
 * arms' specs and PNG charts to the output directory, and exits.
 */
public class BenchApp implements QuarkusApplication {

    private static final PrintStream OUT = System.out;

    @Inject
    StudyService studies;
    @Inject
    PlanService plans;
    @Inject
    MilotuneConfig config;
    @Inject
    SettledTrials settled;

    /** What {@code --peer} takes: no peer, its full-data run, or also its random subsets. */
    static final List<String> PEER_RUNS = List.of("none", "full", "all");

    /** Parsed command line. */
    record Options(String preset, String dataset, Optional<Path> out, Optional<List<String>> arms, String experiment, int seeds,
            int trials, int concurrency, double segmentSeconds, int warmUpTrials, String peer, int peerThreads) {

        /** The peer's fractions per seed: none, 1, or 1 and the random arms' fractions. */
        List<Double> peerFractions(BenchDesign design) {
            List<Double> fractions = new ArrayList<>();
            if (!peer.equals("none")) {
                fractions.add(1.0);
            }
            if (peer.equals("all")) {
                design.arms().stream().filter(a -> a.strategy().equals("random")).map(Arm::fraction).distinct().forEach(fractions::add);
            }
            return fractions;
        }

        /** The throughput experiment runs without the service. */
        boolean standalone() {
            return experiment.equals("throughput");
        }

        boolean runArms() {
            return !experiment.equals("training");
        }

        boolean runTraining() {
            return !experiment.equals("arms");
        }

        /** The options of a command line that starts with {@code bench}; see {@link BenchCommand}. */
        static Options parse(String... args) {
            return BenchCommand.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /** Draws report.md and the charts again from {@code dir/results.json}, without running anything. */
    static int renderAgain(Path dir) throws java.io.IOException {
        BenchRun run = BenchJson.read(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("results.json").toFile()));
        render(run, dir);
        OUT.println("Rendered " + dir.resolve("report.md") + " and the charts from " + dir.resolve("results.json"));
        return 0;
    }

    @Override
    public int run(String... args) throws Exception {
        Options options = Options.parse(args);
        if (options.experiment().equals("orchestrator")) {
            return OrchestratorExperiment.run(studies, settled, options.trials(), options.concurrency(), options.segmentSeconds(),
                    options.warmUpTrials(),
                    options.out().orElse(Path.of("bench-results", "orchestrator-" + System.currentTimeMillis())), command(args));
        }
        BenchDesign design = select(BenchDesign.preset(options.preset(), options.dataset()), options.arms());
        Instant started = Instant.now();
        Path out = options.out().orElse(Path.of("bench-results",
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started)));
        Files.createDirectories(out.resolve("specs"));
        DataDirectory dataDir = new DataDirectory(config.dataDir());
        DatasetFetcher.fetchIfMissing(dataDir, design.dataset(), OUT::println);
        for (Arm arm : design.arms()) {
            String json = design.specJson(arm);
            try {
                studies.validate(json);
            } catch (InvalidSpecException e) {
                System.err.println("The spec of arm " + arm.id() + " is invalid: " + e.getMessage());
                return 2;
            }
            Files.writeString(out.resolve("specs").resolve(design.fileName(arm)), json);
        }
        for (Arm arm : design.trainingArms()) {
            String json = design.trainingSpecJson(arm);
            studies.validate(json);
            Files.writeString(out.resolve("specs").resolve(arm.id() + ".json"), json);
        }
        String command = command(args);
        MachineInfo machine = MachineInfo.current();
        List<Long> seeds = java.util.stream.LongStream.range(0, options.seeds()).map(i -> design.seed() + i).boxed().toList();
        OUT.printf("Bench %s on %s: %d arms x %d seed(s) %s, %d trials of %d epochs each, %d retrain(s); results in %s%n",
                design.preset(), design.dataset(), design.arms().size(), seeds.size(), seeds, design.trials(), design.epochs(),
                design.retrains(), out);
        OUT.println("Machine: " + machine.describe());
        if (design.text()) {
            encodeFirst(dataDir, design);
        }

        cancelLeftovers();
        if (options.runArms()) {
            warmUp(design);
            planFirst(design);
        }
        List<ArmResult> results = new ArrayList<>();
        List<TrainingCurve> training = new ArrayList<>();
        List<PeerResult> peers = new ArrayList<>();
        List<Double> peerFractions = options.runArms() ? options.peerFractions(design) : List.of();
        Optional<OptunaPeer> peer = Optional.empty();
        if (!peerFractions.isEmpty()) {
            OptunaPeer.Availability available = preparePeer(dataDir, design, out, options.peerThreads());
            peer = available.peer();
            if (peer.isEmpty()) {
                OUT.println("Optuna + PyTorch peer not run: " + available.missing());
                for (long seed : seeds) {
                    peerFractions.forEach(f -> peers.add(PeerResult.skipped(seed, f, available.missing())));
                }
            }
        }
        for (long seed : options.runArms() ? seeds : List.<Long>of()) {
            // Each seed is a whole replicate: it pays the plans' recorded pre-processing again.
            Set<String> paidPlans = new HashSet<>();
            BenchDesign replicate = design.withSeed(seed);
            List<String> ids = new ArrayList<>(replicate.arms().stream().map(Arm::id).toList());
            if (peer.isPresent()) {
                peerFractions.forEach(f -> ids.add(PeerResult.id(f)));
            }
            List<String> order = BenchMath.armOrder(ids, seed);
            OUT.printf("Seed %d: arms in the order %s%n", seed, order);
            for (int position = 0; position < order.size(); position++) {
                String id = order.get(position);
                Optional<Arm> arm = replicate.arms().stream().filter(a -> a.id().equals(id)).findFirst();
                if (arm.isPresent()) {
                    results.add(runArm(replicate, arm.get(), started, paidPlans, position));
                } else {
                    double fraction = peerFractions.stream().filter(f -> PeerResult.id(f).equals(id)).findFirst().orElseThrow();
                    peers.add(runPeer(peer.orElseThrow(), replicate, fraction, position));
                }
                BenchRun partial = new BenchRun(design, machine, command, started, Instant.now(), results,
                        training, peers);
                Files.writeString(out.resolve("results.json"), BenchJson.text(partial));
            }
        }
        for (Arm arm : options.runTraining() ? design.trainingArms() : List.<Arm>of()) {
            training.add(runCurve(design, arm));
            BenchRun partial = new BenchRun(design, machine, command, started, Instant.now(), results, training,
                    peers);
            Files.writeString(out.resolve("results.json"), BenchJson.text(partial));
        }
        BenchRun run = new BenchRun(design, machine, command, started, Instant.now(), results, training, peers);
        Files.writeString(out.resolve("results.json"), BenchJson.text(run));
        OUT.println();
        OUT.println(render(run, out));
        OUT.println("Written: " + out.toAbsolutePath());
        boolean completed = results.stream().allMatch(r -> r.state().equals("COMPLETED"))
                && training.stream().allMatch(c -> c.state().equals("COMPLETED"));
        return completed ? 0 : 1;
    }

    /** Writes report.md and the charts of a run into {@code out}; returns the report. */
    public static String render(BenchRun run, Path out) throws java.io.IOException {
        BenchDesign design = run.design();
        String markdown = BenchMarkdown.markdown(run);
        Files.writeString(out.resolve("report.md"), markdown);
        String title = "milotune bench (" + design.preset() + ", " + design.dataset() + ")";
        if (!run.results().isEmpty()) {
            int seeds = BenchAnalysis.seeds(run.results()).size();
            List<BenchAnalysis.Row> rows = BenchAnalysis.chartRows(BenchAnalysis.rows(run.results()));
            String armsTitle = seeds > 1 ? title.replace(")", ", mean of " + seeds + " seeds)") : title;
            java.util.Map<Arm, Charts.Whiskers> intervals = new java.util.HashMap<>();
            if (seeds > 1) {
                BenchAnalysis.aggregates(BenchAnalysis.rows(run.results())).forEach(a -> intervals.put(a.arm(), Charts.Whiskers.of(a)));
            }
            Charts.writePng(Charts.speedupVsAccuracy(rows, intervals, armsTitle + (seeds > 1 ? ": speedup vs accuracy, 95 % intervals"
                    : ": speedup vs accuracy")), out.resolve("speedup-vs-accuracy.png"));
            Charts.writePng(Charts.costBreakdown(rows, armsTitle + ": cost per arm"), out.resolve("cost-breakdown.png"));
        }
        if (!run.training().isEmpty()) {
            Charts.writePng(Charts.timeToAccuracy(run.training(), BenchAnalysis.trainingTarget(run.training()), title + ": time to accuracy"),
                    out.resolve("time-to-accuracy.png"));
        }
        return markdown;
    }

    static BenchDesign select(BenchDesign design, Optional<List<String>> ids) {
        if (ids.isEmpty()) {
            return design;
        }
        List<Arm> arms = new ArrayList<>();
        for (Arm arm : design.arms()) {
            if (arm.isBaseline() || ids.get().contains(arm.id())) {
                arms.add(arm);
            }
        }
        for (String id : ids.get()) {
            if (design.arms().stream().noneMatch(a -> a.id().equals(id))) {
                throw new IllegalArgumentException("no arm " + id + " in preset " + design.preset() + "; arms: "
                        + design.arms().stream().map(Arm::id).toList());
            }
        }
        return design.withArms(arms);
    }

    private ArmResult runArm(BenchDesign design, Arm arm, Instant benchStart, Set<String> paidPlans, int position)
            throws InterruptedException {
        OUT.printf("%n== arm %s (%s), seed %d, position %d%n", arm.id(), arm.label(), design.seed(), position);
        Instant submitted = Instant.now();
        Study study = waitFor(studies.submit(design.specJson(arm)), submitted);
        double submitWall = Duration.between(submitted, Instant.now()).toMillis() / 1000.0;
        ArmResult result = measure(arm, study, submitWall, benchStart, paidPlans, design.seed());
        ArmResult.Wall wall = wall(design, arm, study, submitted, position);
        OUT.printf(Locale.ROOT, "== arm %s wall: tuning %.1f s (plan reused; %.1f s with the plan), one retrain %.1f s%s, end to end %.1f s%n",
                arm.id(), wall.tuningSeconds(), wall.tuningWithPlanSeconds(), wall.oneRetrainSeconds(),
                wall.retrainNeeded() ? "" : " (not needed: the choice trained R epochs on full data)", wall.endToEndSeconds());
        return result.withWall(wall).withAgreement(agreement(study));
    }

    /** The study's agreement with its full-data checks at its lowest rung that has pairs. */
    private dev.milotune.machine.Agreement.RungAgreement agreement(Study study) {
        return studies.agreement(study).rungs().stream().filter(r -> r.pairs() > 0).findFirst().orElse(ArmResult.NO_AGREEMENT);
    }

    /**
     * Every plan the MILO arms need, computed before the first arm and timed apart: a plan is
     * computed once per dataset, encoder and fraction and every later study reuses it, so the arms'
     * walls are those of studies on a ready plan, and each arm also reports the wall with its plan's
     * recorded pre-processing added (what the first study on it waits for).
     */
    private void planFirst(BenchDesign design) throws InterruptedException, java.util.concurrent.ExecutionException {
        Set<List<Double>> done = new HashSet<>();
        for (Arm arm : design.arms()) {
            StudySpec spec = studies.validate(design.specJson(arm));
            List<Double> fractions = dev.milotune.machine.StudySetup.planFractions(spec);
            if (fractions.isEmpty() || !done.add(fractions)) {
                continue;
            }
            long start = System.nanoTime();
            List<String> ids = plans.ensure(new PlanService.PlanRequest(spec.dataset().name(), spec.dataset().encoder(), fractions)).get();
            double recorded = BenchMath.chargeOnce(ids.stream().map(plans::find).flatMap(Optional::stream)
                    .map(PlanRecord::preprocessingSeconds).toList());
            OUT.printf(Locale.ROOT, "Plan(s) %s for fractions %s ready in %.1f s (recorded pre-processing %.1f s)%n", ids, fractions,
                    (System.nanoTime() - start) / 1e9, recorded);
        }
    }

    /**
     * The arm's wall-clock times. Search done is when the last search or check trial settled (the
     * study then moves to RETRAINING); the retrain phase runs from there to the study's end.
     */
    private ArmResult.Wall wall(BenchDesign design, Arm arm, Study study, Instant submitted, int position) {
        List<Trial> trials = studies.trials(study.id());
        Instant finished = study.finishedAt().orElse(Instant.now());
        Instant searchDone = trials.stream().filter(t -> t.purpose() != Trial.Purpose.RETRAIN && t.state().isTerminal())
                .map(Trial::updatedAt).max(Comparator.naturalOrder()).orElse(finished);
        if (searchDone.isAfter(finished)) {
            searchDone = finished;
        }
        // The wall of a study on a ready plan; a plan computed inside it anyway (planFirst failed to) is taken out.
        List<PlanRecord> used = study.planIds().stream().map(plans::find).flatMap(Optional::stream).toList();
        double computedInside = BenchMath.chargeOnce(used.stream().filter(p -> !p.createdAt().isBefore(submitted))
                .map(PlanRecord::preprocessingSeconds).toList());
        double planSeconds = BenchMath.chargeOnce(used.stream().map(PlanRecord::preprocessingSeconds).toList());
        double tuning = Duration.between(submitted, searchDone).toMillis() / 1000.0 - computedInside;
        // One retrain as a user runs it: the shortest retrain from queued to settled, one that did not wait for a slot.
        double oneRetrain = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN && t.state().isTerminal())
                .mapToDouble(t -> Duration.between(t.createdAt(), t.updatedAt()).toMillis() / 1000.0).min().orElse(Double.NaN);
        int chosenEpochs = studies.cost(study).chosen().map(Trial::epochsDone).orElse(0);
        boolean needed = BenchMath.needsRetrain(arm, chosenEpochs, design.epochs());
        return new ArmResult.Wall(study.state() == dev.milotune.study.StudyState.COMPLETED ? tuning : Double.NaN, planSeconds, oneRetrain,
                needed, position);
    }

    /** The peer with milotune's splits of the design's dataset (the rows {@code GET .../splits} serves), or why not. */
    private static OptunaPeer.Availability preparePeer(DataDirectory dataDir, BenchDesign design, Path out, int threads)
            throws java.io.IOException, InterruptedException {
        if (!design.dataset().equals("fashion-mnist")) {
            return OptunaPeer.prepare(design, null, null, null, out, threads);
        }
        Dataset dataset = Datasets.load(design.dataset(), dataDir, SplitSpec.defaults());
        return OptunaPeer.prepare(design, dataDir.datasets().resolve(design.dataset()), dataset.contentHash(), dataset.sourceRows(), out,
                threads);
    }

    private static PeerResult runPeer(OptunaPeer peer, BenchDesign design, double fraction, int position)
            throws java.io.IOException, InterruptedException {
        OUT.printf(Locale.ROOT, "%n== peer %s (Optuna + PyTorch), seed %d, position %d: %s%n", PeerResult.id(fraction), design.seed(),
                position, String.join(" ", peer.command(design, design.seed(), fraction)));
        PeerResult result = peer.run(design, design.seed(), fraction, position);
        OUT.printf(Locale.ROOT, "== peer %s: %s%n", result.id(), result.skipped().map(w -> "not run: " + w)
                .orElse(String.format(Locale.ROOT, "tuning wall %.1f s, training %.1f s, test accuracy %.4f, BLAS %s",
                        result.tuningWallSeconds(), result.trainingSeconds(), result.test().mean(), result.blas())));
        return result;
    }

    /**
     * A bench stopped half-way leaves its study running, and the service resumes it at start: it
     * would train beside this run's arms and skew their times. Such studies are cancelled first.
     */
    private void cancelLeftovers() {
        for (Study s : studies.list()) {
            if (!s.state().isTerminal() && s.name().startsWith("bench-")) {
                studies.cancel(s.id());
                OUT.printf("Cancelled %s (%s), left %s by an earlier bench that did not finish%n", s.name(), s.id(), s.state());
            }
        }
    }

    /**
     * One epoch of one trial on full data, not measured: native libraries loaded, the JIT warm and
     * the training set built before the baseline's clock starts, so the first arm pays no more than
     * the others.
     */
    private void warmUp(BenchDesign design) throws InterruptedException {
        Arm warm = new Arm("warm-up", "full", 1.0, "none", "epochs");
        var spec = design.trainingSpec(warm);
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("model")).put("epochs", 1);
        Instant start = Instant.now();
        Study study = waitFor(studies.submit(spec.toString()), start);
        OUT.printf(Locale.ROOT, "Warm-up (one epoch on full data, not measured): %s in %.1f s%n", study.state(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * Text: every arm trains on the encoder's embeddings, so they are computed (and cached) once
     * before the first arm, and timed apart: no arm's wall time or pre-processing carries them.
     */
    private static void encodeFirst(DataDirectory dataDir, BenchDesign design) throws java.io.IOException {
        Dataset dataset = Datasets.load(design.dataset(), dataDir, SplitSpec.defaults());
        EmbeddingCache cache = new EmbeddingCache(dataDir);
        long start = System.nanoTime();
        try (Encoder encoder = Encoders.named(design.encoder(), dataset, EncoderOptions.defaults(dataDir))) {
            for (SplitRole role : SplitRole.values()) {
                cache.embeddings(dataset, role, encoder);
            }
        }
        OUT.printf(Locale.ROOT, "Embeddings of %s (%s, all splits) ready in %.1f s: the models' inputs, shared by every arm%n",
                design.dataset(), design.encoder(), (System.nanoTime() - start) / 1e9);
    }

    private TrainingCurve runCurve(BenchDesign design, Arm arm) throws InterruptedException {
        OUT.printf("%n== training curve %s (%s)%n", arm.id(), arm.label());
        Study study = waitFor(studies.submit(design.trainingSpecJson(arm)), Instant.now());
        Optional<Trial> trial = studies.trials(study.id()).stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).findFirst();
        Map<Integer, dev.milotune.study.TrialReport> byEpoch = new java.util.TreeMap<>();
        long items = 0;
        if (trial.isPresent()) {
            for (dev.milotune.study.TrialReport r : studies.reports(trial.get().id())) {
                dev.milotune.study.TrialReport kept = byEpoch.get(r.epoch());
                if (kept == null || r.attempt() >= kept.attempt()) {
                    byEpoch.put(r.epoch(), r);
                }
                items = Math.max(items, r.itemsSeen());
            }
        }
        List<TrainingCurve.Point> points = TrainingCurve.cumulative(
                byEpoch.values().stream().map(dev.milotune.study.TrialReport::epochSeconds).toList(),
                byEpoch.values().stream().map(dev.milotune.study.TrialReport::validationAccuracy).toList());
        TrainingCurve curve = new TrainingCurve(arm, study.id(), study.state().name(), items, points);
        OUT.printf(Locale.ROOT, "== curve %s %s: %d epochs, %.1f s of training, best validation accuracy %s%n", arm.id(), study.state(),
                points.size(), curve.totalSeconds(),
                curve.bestAccuracy().isPresent() ? String.format(Locale.ROOT, "%.4f", curve.bestAccuracy().getAsDouble()) : "-");
        return curve;
    }

    private Study waitFor(Study submittedStudy, Instant submitted) throws InterruptedException {
        Study study = submittedStudy;
        StudySpec spec = studies.spec(study);
        String last = "";
        Instant lastPrint = Instant.EPOCH;
        while (!study.state().isTerminal()) {
            Thread.sleep(2000);
            study = studies.get(study.id());
            List<Trial> trials = studies.trials(study.id());
            long done = trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH && t.state().isTerminal()).count();
            long retrains = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).count();
            String line = String.format(Locale.ROOT, "%s: trials %d/%d finished%s", study.state(), done, spec.maxTrials(),
                    retrains > 0 ? ", final retrains" : "");
            Instant now = Instant.now();
            if (!line.equals(last) || Duration.between(lastPrint, now).toSeconds() >= 30) {
                OUT.printf(Locale.ROOT, "[%4d s] %s%n", Duration.between(submitted, now).toSeconds(), line);
                last = line;
                lastPrint = now;
            }
        }
        return study;
    }

    private ArmResult measure(Arm arm, Study study, double submitWall, Instant benchStart, Set<String> paidPlans, long seed) {
        StudyService.Cost cost = studies.cost(study);
        List<Trial> trials = studies.trials(study.id());

        List<String> reused = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        List<Double> charged = new ArrayList<>();
        for (String id : study.planIds()) {
            if (paidPlans.contains(id)) {
                reused.add(id);
                continue;
            }
            Optional<PlanRecord> record = plans.find(id);
            record.ifPresent(p -> charged.add(p.preprocessingSeconds()));
            if (record.isPresent() && record.get().createdAt().isBefore(benchStart)) {
                earlier.add(id);
            }
            paidPlans.add(id);
        }
        List<Trial> retrains = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN)
                .sorted(Comparator.comparingInt(Trial::number)).toList();
        List<ArmResult.TrialValue> search = trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH && t.bestValue().isPresent())
                .sorted(Comparator.comparingInt(Trial::number))
                .map(t -> new ArmResult.TrialValue(t.number(), t.rung(), t.epochsDone(), t.bestValue().get(), t.configuration().values()))
                .toList();
        // What the retrains trained: for an arm with a full-data check, the check's winner, not the search's leader.
        Map<String, Object> chosen = cost.chosen().map(t -> (Map<String, Object>) new LinkedHashMap<>(t.configuration().values()))
                .orElse(Map.of());
        ArmResult result = new ArmResult(arm, study.id(), study.state().name(), cost.searchTrials(), cost.tuningSeconds(),
                cost.wallSeconds(), submitWall, BenchMath.chargeOnce(charged), study.planIds(), reused, earlier,
                cost.retrainSeconds(), chosen, cost.chosen().flatMap(Trial::bestValue).orElse(null),
                retrains.stream().map(Trial::testAccuracy).flatMap(Optional::stream).toList(),
                retrains.stream().map(Trial::bestValue).flatMap(Optional::stream).toList(), search, seed);
        OUT.printf(Locale.ROOT, "== arm %s %s: tuning %.1f s, pre-processing %.1f s%s, retrains %.1f s, wall %.0f s, test accuracy %s%n",
                arm.id(), study.state(), result.tuningSeconds(), result.preprocessingSeconds(),
                reused.isEmpty() ? "" : " (plan reused)", result.retrainSeconds(), submitWall,
                result.test().isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", result.test().mean(), result.test().sd()));
        study.error().ifPresent(e -> OUT.println("   reason: " + e));
        return result;
    }

    /** The command line as it can be typed again. */
    static String command(String... args) {
        StringBuilder sb = new StringBuilder("java");
        for (String key : List.of("milotune.data-dir", "quarkus.http.port", "java.awt.headless")) {
            String value = System.getProperty(key);
            if (value != null) {
                sb.append(" -D").append(key).append('=').append(value);
            }
        }
        sb.append(" -jar target/quarkus-app/quarkus-run.jar");
        for (String a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }
}
