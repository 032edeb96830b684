package dev.milotune.cli;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.machine.StudySetup;
import dev.milotune.metrics.SegmentTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.concurrent.TimeUnit;
import dev.milotune.orchestration.FetchService;
import dev.milotune.orchestration.PlanService;
import dev.milotune.orchestration.StudyService;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code milotune run SPEC.json [--exit]}, once {@link RunCommand} checked it: the main job. Runs in
 * the started service (embedded broker, database, orchestrator and local workers): submits the
 * study (the service fetches its dataset if it is missing), shows progress until it ends, prints
 * the leaderboard and where to look in the browser, then keeps serving (or exits with
 * {@code --exit}).
 */
public class RunStudy implements QuarkusApplication {

    private static final PrintStream OUT = System.out;

    @Inject
    StudyService studies;
    @Inject
    PlanService plans;
    @Inject
    FetchService fetches;
    @Inject
    MilotuneConfig config;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    @Override
    public int run(String... args) throws Exception {
        RunCommand command = RunCommand.parse(Arrays.copyOfRange(args, 1, args.length));
        String json = command.specJson();
        Study study;
        try {
            study = studies.submit(json);
        } catch (InvalidSpecException e) {
            System.err.println("The study spec " + command.specFile + " is invalid: " + e.getMessage());
            return 2;
        }
        StudySpec spec = studies.spec(study);
        OUT.printf("Study %s (%s): %s on %s, %d trials, %s scheduler, %s subsets at %.0f %%%n", study.name(), study.id(),
                spec.model().family(), spec.dataset().name(), spec.maxTrials(), lower(spec.scheduler().kind()),
                lower(spec.subset().strategy()), spec.subset().fraction() * 100);
        study = follow(study.id(), spec);
        printResult(study, spec);
        if (command.exit) {
            return study.state().name().equals("COMPLETED") ? 0 : 1;
        }
        OUT.println("Still serving; press Ctrl-C to stop.");
        Quarkus.waitForExit();
        return 0;
    }

    private Study follow(String id, StudySpec spec) throws InterruptedException {
        Instant begin = Instant.now();
        String last = "";
        while (true) {
            Study study = studies.get(id);
            List<Trial> trials = studies.trials(id);
            String line = progressLine(study, spec, trials, Duration.between(begin, Instant.now()));
            if (!line.equals(last)) {
                OUT.println(line);
                last = line;
            }
            if (study.state().isTerminal()) {
                return study;
            }
            Thread.sleep(2000);
        }
    }

    private String progressLine(Study study, StudySpec spec, List<Trial> trials, Duration elapsed) {
        long seconds = elapsed.toSeconds();
        String prefix = String.format(Locale.ROOT, "[%4d s] ", seconds);
        if (study.state().name().equals("PLANNING")) {
            Optional<FetchService.FetchProgress> fetch = fetches.progress(spec.dataset().name())
                    .filter(f -> f.state() == FetchService.State.FETCHING);
            if (fetch.isPresent()) {
                return prefix + "fetching dataset " + spec.dataset().name() + " from " + fetch.get().source() + ": " + fetch.get().stage();
            }
            return prefix + plans.allProgress().stream()
                    .filter(p -> p.request().dataset().equals(spec.dataset().name()))
                    .findFirst().map(p -> String.format(Locale.ROOT, "computing the MILO plan: %s %d/%d", p.stage(), p.done(), p.total()))
                    .orElse(StudySetup.planFractions(spec).isEmpty() ? "starting" : "computing the MILO plan");
        }
        long finished = trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH && t.state().isTerminal()).count();
        long running = trials.stream().filter(Trial::inFlight).count();
        long retrain = trials.stream().filter(t -> t.purpose() == Trial.Purpose.RETRAIN).count();
        String best = study.bestValue().map(v -> String.format(Locale.ROOT, "best %s %.4f", spec.objective().metric(), v)).orElse("no result yet");
        String eta = finished == 0 || finished >= spec.maxTrials() ? "" : String.format(Locale.ROOT, " | ETA %d s",
                seconds * (spec.maxTrials() - finished) / finished);
        String phase = retrain > 0 ? " | final retrain on full data" : "";
        return prefix + String.format(Locale.ROOT, "%s: trials %d/%d finished, %d training | %s%s%s", study.state(), finished,
                spec.maxTrials(), running, best, phase, eta);
    }

    private void printResult(Study study, StudySpec spec) {
        StudyService.Cost cost = studies.cost(study);
        OUT.println();
        OUT.printf("Study %s ended %s after %.0f s (tuning cost: %.1f s of training; plan pre-processing %.1f s; final retrain %.1f s)%n",
                study.name(), study.state(), cost.wallSeconds(), cost.tuningSeconds(), cost.preprocessingSeconds(), cost.retrainSeconds());
        study.error().ifPresent(e -> OUT.println("Reason: " + e));
        OUT.println();
        OUT.printf("%-4s %-6s %-10s %-5s %-7s %-10s %s%n", "rank", "trial", "state", "rung", "epochs", spec.objective().metric().replace("validation_", "val_"), "configuration");
        List<Trial> board = studies.leaderboard(study.id());
        for (int i = 0; i < Math.min(board.size(), 15); i++) {
            Trial t = board.get(i);
            OUT.printf(Locale.ROOT, "%-4d %-6d %-10s %-5d %-7d %-10s %s%n", i + 1, t.number(), t.state(), t.rung(), t.epochsDone(),
                    t.bestValue().map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-"), t.configuration().values());
        }
        study.finalTestAccuracy().ifPresent(a -> OUT.printf(Locale.ROOT,
                "%nBest configuration retrained on the full training set: test accuracy %.4f%n", a));
        printOverhead();
        OUT.printf("%nSee it in the browser: http://localhost:%d/  (API: http://localhost:%d/api/v1/studies/%s/leaderboard, "
                + "docs: http://localhost:%d/q/swagger-ui)%n", port, port, study.id(), port);
        if (config.auth().enabled()) {
            OUT.printf("The page and the API ask for a token: the admin token is in %s%n",
                    config.dataDir().resolve("admin-token").toAbsolutePath().normalize());
        }
    }

    /** The per-segment overhead this process measured, when it ran the segments itself. */
    private void printOverhead() {
        Timer toStart = meters.find(SegmentTimers.DISPATCH_TO_START).timer();
        Timer toDispatch = meters.find(SegmentTimers.OUTCOME_TO_DISPATCH).timer();
        if (toStart == null || toDispatch == null || toStart.count() == 0) {
            return;
        }
        OUT.printf(Locale.ROOT, "%nPer-segment overhead: dispatch to start on a worker p50 %.1f ms, p99 %.1f ms (%d segments); "
                        + "outcome to the next dispatch p50 %.1f ms, p99 %.1f ms (%d outcomes)%n",
                percentile(toStart, 0.5), percentile(toStart, 0.99), toStart.count(), percentile(toDispatch, 0.5),
                percentile(toDispatch, 0.99), toDispatch.count());
    }

    private static double percentile(Timer timer, double p) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
