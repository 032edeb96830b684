package dev.milotune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The numbers derived from the arms' measurements, and their renderings: results.json and
 * report.md. Definitions (also written into both files):
 * <ul>
 * <li>tuning wall = submit to search done, end-to-end wall = that plus one final retrain where the
 * arm needs one ({@link ArmResult.Wall}); wall speedups = the same seed's full-ASHA wall (or the
 * peer's full-data wall) / the arm's, with 95 % t intervals over the seeds ({@link Interval}) and
 * the thresholds of {@link Targets};</li>
 * <li>speedup (secondary since bench v2) = full-ASHA tuning cost / arm tuning cost (tuning cost = sum of the search trials'
 * training seconds);</li>
 * <li>end-to-end speedup = the same with plan pre-processing and the final retrains added on both
 * sides;</li>
 * <li>accuracy delta = arm's mean retrain test accuracy - full-ASHA's, in percentage points;</li>
 * <li>rank = where the arm's chosen configuration, retrained on full data (mean best validation
 * accuracy over its retrains), would stand among the full-data-no-early-stopping arm's search
 * trials (each trained all E epochs on full data, best validation accuracy): 1 + the number of
 * those trials strictly better, out of N + 1.</li>
 * </ul>
 */
public final class BenchReport {

    public static final String SPEEDUP = "full-ASHA tuning cost / arm tuning cost (tuning cost = sum of the search trials' training "
            + "seconds, StudyService.cost(..).tuningSeconds())";
    public static final String END_TO_END = "(pre-processing + tuning + final retrains) of full-ASHA / the same of the arm; "
            + "plan pre-processing (encoding + selection) is charged to the first arm of this run that uses the plan";
    public static final String TUNING_WALL = "wall-clock seconds from the arm's submit to its search done (the last search or check "
            + "trial settled): planning (unless an earlier arm of the seed computed the plan), dispatch, training, validation, "
            + "checkpoints; plus the recorded pre-processing of plans computed before the submit, charged once";
    public static final String END_TO_END_WALL = "tuning wall + ONE final retrain (the shortest of the design's retrains, queued to settled); "
            + "none for an arm whose chosen trial already trained R epochs on full data (full-data arms; the peer's full run)";
    public static final String WALL_SPEEDUP = "full-ASHA's wall / the arm's wall, paired per seed (the same seed's full-ASHA arm); "
            + "vs peer: the Optuna + PyTorch peer's full-data tuning wall (its study.optimize) / the arm's tuning wall, same seed";
    public static final String INTERVAL = "mean of the per-seed values ± t(0.975, n - 1) * sd / sqrt(n); none for one seed";
    public static final String DELTA = "arm's mean full-data retrain test accuracy - full-ASHA's, in percentage points";
    public static final String RANK = "1 + number of full-none search trials (every one trained all epochs on full data) whose best "
            + "validation accuracy is strictly above the mean best validation accuracy of the arm's chosen configuration retrained "
            + "on full data; out of N + 1 (1 = as good as the best full-data configuration found without early stopping)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReport() {
    }

    /** The whole run: design, where and when, how it was started, what it measured. */
    public record BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
            List<ArmResult> results, List<TrainingCurve> training, List<PeerResult> peers) {
        public BenchRun {
            results = List.copyOf(results);
            training = List.copyOf(training);
            peers = List.copyOf(peers);
        }

        public BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
                List<ArmResult> results, List<TrainingCurve> training) {
            this(design, machine, command, startedAt, finishedAt, results, training, List.of());
        }

        public BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
                List<ArmResult> results) {
            this(design, machine, command, startedAt, finishedAt, results, List.of(), List.of());
        }
    }

    /** The accuracy a training curve must reach to count as "there": the full-data curve's best minus 1 pp. */
    public static OptionalDouble trainingTarget(List<TrainingCurve> curves) {
        return curves.stream().filter(c -> c.arm().strategy().equals("full")).findFirst()
                .flatMap(c -> c.bestAccuracy().isPresent() ? Optional.of(c.bestAccuracy().getAsDouble() - 0.01) : Optional.empty())
                .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /**
     * One arm with its derived numbers (NaN or empty where they cannot be computed): {@code speedup}
     * and {@code endToEndSpeedup} on summed training seconds (bench v1, secondary), the wall speedups
     * on wall-clock seconds against the same seed's full-ASHA arm and the peer's full-data run.
     */
    public record Row(ArmResult result, double speedup, double endToEndSpeedup, double wallSpeedup, double endToEndWallSpeedup,
            double peerWallSpeedup, double deltaPoints, OptionalInt rank, int rankOutOf) {
        public Arm arm() {
            return result.arm();
        }
    }

    /** Each result against the baseline and the full-none reference of its own seed. */
    public static List<Row> rows(List<ArmResult> results) {
        return rows(results, List.of());
    }

    /** The same, with the wall speedup against the peer's full-data run of the same seed where it ran. */
    public static List<Row> rows(List<ArmResult> results, List<PeerResult> peers) {
        List<Row> rows = new ArrayList<>();
        for (ArmResult r : results) {
            // Arms run in a random order: until a seed's baseline has run, its arms have no speedup or delta yet.
            Optional<ArmResult> base = results.stream().filter(o -> o.arm().isBaseline() && o.seed() == r.seed()).findFirst();
            Optional<ArmResult> fullNone = results.stream().filter(o -> o.arm().id().equals(Arm.FULL_NONE) && o.seed() == r.seed())
                    .findFirst();
            List<Double> reference = fullNone.map(o -> o.searchValidation().stream().map(ArmResult.TrialValue::value).toList())
                    .orElse(List.of());
            double delta = base.isEmpty() || base.get().test().isEmpty() || r.test().isEmpty() ? Double.NaN
                    : BenchMath.deltaPoints(r.test().mean(), base.get().test().mean());
            OptionalInt rank = fullNone.isEmpty() || r.validation().isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(BenchMath.rank(r.validation().mean(), reference));
            double peerWall = peerFull(peers, r.seed()).map(p -> BenchMath.speedup(p.tuningWallSeconds(), r.wall().tuningSeconds()))
                    .orElse(Double.NaN);
            rows.add(new Row(r, against(base, r, ArmResult::tuningSeconds), against(base, r, ArmResult::endToEndSeconds),
                    against(base, r, a -> a.wall().tuningSeconds()), against(base, r, a -> a.wall().endToEndSeconds()), peerWall, delta,
                    rank, reference.size() + 1));
        }
        return rows;
    }

    /** {@code baseline / arm} of one measure; NaN without a baseline. */
    private static double against(Optional<ArmResult> baseline, ArmResult arm, java.util.function.ToDoubleFunction<ArmResult> seconds) {
        return baseline.map(b -> BenchMath.speedup(seconds.applyAsDouble(b), seconds.applyAsDouble(arm))).orElse(Double.NaN);
    }

    /** The peer's full-data run of {@code seed}, where it ran. */
    static Optional<PeerResult> peerFull(List<PeerResult> peers, long seed) {
        return peers.stream().filter(p -> p.ran() && p.fraction() >= 1 && p.seed() == seed).findFirst();
    }

    /**
     * One arm over all seeds: the spread of its per-seed numbers. {@code test} summarises the
     * per-seed mean retrain test accuracies; {@code vsRandom} the per-seed difference to the random
     * arm of the same fraction (MILO arms over epochs only).
     */
    public record Aggregate(Arm arm, int seeds, Summary speedup, Summary endToEndSpeedup, Interval deltaPoints, Summary test,
            Summary rank, Optional<Interval> vsRandom, Interval tuningWallSeconds, Interval wallSpeedup, Interval endToEndWallSpeedup,
            Interval peerWallSpeedup) {
    }

    public static List<Aggregate> aggregates(List<Row> rows) {
        List<Aggregate> out = new ArrayList<>();
        for (Arm arm : rows.stream().map(Row::arm).distinct().toList()) {
            List<Row> mine = rows.stream().filter(r -> r.arm().equals(arm)).toList();
            Optional<Interval> vsRandom = Optional.empty();
            if (arm.strategy().equals("milo") && arm.fidelity().equals("epochs")) {
                List<Double> diffs = new ArrayList<>();
                for (Row row : mine) {
                    rows.stream().filter(o -> o.arm().strategy().equals("random") && o.arm().fraction() == arm.fraction()
                                    && o.result().seed() == row.result().seed())
                            .findFirst()
                            .filter(o -> !o.result().test().isEmpty() && !row.result().test().isEmpty())
                            .ifPresent(o -> diffs.add(BenchMath.deltaPoints(row.result().test().mean(), o.result().test().mean())));
                }
                vsRandom = diffs.isEmpty() ? Optional.empty() : Optional.of(Interval.t95(diffs));
            }
            out.add(new Aggregate(arm, mine.size(), finite(mine.stream().map(Row::speedup).toList()),
                    finite(mine.stream().map(Row::endToEndSpeedup).toList()), Interval.t95(mine.stream().map(Row::deltaPoints).toList()),
                    finite(mine.stream().map(r -> r.result().test().mean()).toList()),
                    finite(mine.stream().filter(r -> r.rank().isPresent()).map(r -> (double) r.rank().getAsInt()).toList()), vsRandom,
                    Interval.t95(mine.stream().map(r -> r.result().wall().tuningSeconds()).toList()),
                    Interval.t95(mine.stream().map(Row::wallSpeedup).toList()), Interval.t95(mine.stream().map(Row::endToEndWallSpeedup).toList()),
                    Interval.t95(mine.stream().map(Row::peerWallSpeedup).toList())));
        }
        return out;
    }

    /**
     * What the charts draw: the rows themselves for one seed; for several, one row per arm at the
     * means over its seeds (speedups, Δ pp, and the seconds of the cost breakdown).
     */
    public static List<Row> chartRows(List<Row> rows) {
        if (seeds(rows.stream().map(Row::result).toList()).size() < 2) {
            return rows;
        }
        List<Row> out = new ArrayList<>();
        for (Aggregate a : aggregates(rows)) {
            List<ArmResult> mine = rows.stream().map(Row::result).filter(r -> r.arm().equals(a.arm())).toList();
            ArmResult first = mine.get(0);
            ArmResult mean = new ArmResult(a.arm(), "mean of " + mine.size() + " seeds", first.state(), first.searchTrials(),
                    mean(mine, ArmResult::tuningSeconds), mean(mine, ArmResult::studyWallSeconds),
                    mean(mine, ArmResult::submitWallSeconds), mean(mine, ArmResult::preprocessingSeconds), first.planIds(),
                    List.of(), List.of(), mean(mine, ArmResult::retrainSeconds), Map.of(), null,
                    a.test().isEmpty() ? List.of() : List.of(a.test().mean()), List.of(), List.of(), first.seed());
            out.add(new Row(mean, a.speedup().mean(), a.endToEndSpeedup().mean(), a.wallSpeedup().mean(), a.endToEndWallSpeedup().mean(),
                    a.peerWallSpeedup().mean(), a.deltaPoints().mean(), OptionalInt.empty(), 0));
        }
        return out;
    }

    private static double mean(List<ArmResult> results, java.util.function.ToDoubleFunction<ArmResult> value) {
        return results.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static Summary finite(List<Double> values) {
        return Summary.of(values.stream().filter(Double::isFinite).toList());
    }

    /**
     * Target checks of issue 17 ({@link Targets#ISSUE_17}), per MILO arm, on the means of the paired
     * per-seed values, each with its 95 % interval: tuning-wall speedup against full-ASHA, against
     * the peer's full run (where the peer ran), accuracy delta, and above random at the same
     * fraction.
     */
    public record Target(Arm arm, Interval wallSpeedup, boolean wallMet, Optional<Interval> peerWallSpeedup,
            Optional<Boolean> peerWallMet, Interval deltaPoints, boolean accuracyMet, Optional<Interval> vsRandom,
            Optional<Boolean> aboveRandom) {
    }

    public static List<Target> targets(List<Row> rows) {
        Targets goals = Targets.ISSUE_17;
        List<Target> targets = new ArrayList<>();
        for (Aggregate a : aggregates(rows)) {
            if (!a.arm().strategy().equals("milo")) {
                continue;
            }
            Optional<Interval> peer = a.peerWallSpeedup().isEmpty() ? Optional.empty() : Optional.of(a.peerWallSpeedup());
            targets.add(new Target(a.arm(), a.wallSpeedup(), goals.wallMet(a.wallSpeedup()), peer, peer.map(goals::peerWallMet),
                    a.deltaPoints(), goals.accuracyMet(a.deltaPoints()), a.vsRandom(), a.vsRandom().map(d -> d.mean() > 0)));
        }
        return targets;
    }

    /** The study seeds of the results, in the order they ran. */
    static List<Long> seeds(List<ArmResult> results) {
        return results.stream().map(ArmResult::seed).distinct().toList();
    }

    public static String markdown(BenchRun run) {
        BenchDesign d = run.design();
        List<Row> rows = run.results().isEmpty() ? List.of() : rows(run.results(), run.peers());
        StringBuilder md = new StringBuilder();
        md.append("# milotune bench: ").append(d.preset()).append(" preset on ").append(d.dataset()).append("\n\n");
        md.append("- Date: ").append(run.startedAt()).append(" to ").append(run.finishedAt()).append(" (UTC)\n");
        md.append("- Machine: ").append(run.machine().describe()).append("\n");
        md.append("- Command: `").append(run.command()).append("`\n");
        List<Long> seeds = seeds(run.results());
        md.append(String.format(Locale.ROOT, "- Design: %s on %s (%s), TPE (%d start-up trials, study seed%s %s), %d trials "
                + "of %d epochs, ASHA r 1 / R %d / eta 3, %d segments at once; each arm's chosen configuration retrained %d time(s) "
                + "on full data with different seeds%n%n", d.family(), d.dataset(), d.text() ? "MiniLM embeddings" : "pixel-PCA features",
                d.startupTrials(), seeds.size() > 1 ? "s" : "",
                seeds.isEmpty() ? String.valueOf(d.seed()) : String.join(", ", seeds.stream().map(String::valueOf).toList()),
                d.trials(), d.epochs(), d.epochs(), d.concurrent(), d.retrains()));
        if (rows.isEmpty()) {
            md.append("Arms: not run in this invocation.\n");
        } else {
            arms(md, rows, run.peers());
        }
        md.append("\n## Training experiment (time to accuracy)\n\n");
        if (run.training().isEmpty()) {
            md.append("Not run in this invocation.\n");
            return md.toString();
        }
        OptionalDouble target = trainingTarget(run.training());
        md.append(String.format(Locale.ROOT, "One fixed configuration (adam, lr 0.003, 256 hidden units, batch 128) trained once for %d "
                + "epochs on each kind of data, no early stopping; validation accuracy after each epoch against training seconds so "
                + "far (`time-to-accuracy.png`). Target: the full-data curve's best validation accuracy minus 1 pp%s.%n%n", d.epochs(),
                target.isPresent() ? fmt(" = %.2f %%", target.getAsDouble() * 100) : ""));
        md.append("| data | state | items per epoch | training s | best val acc | seconds to target | time-to-target speedup |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        OptionalDouble fullTime = run.training().stream().filter(c -> c.arm().strategy().equals("full")).findFirst()
                .map(c -> target.isPresent() ? c.secondsToReach(target.getAsDouble()) : OptionalDouble.empty())
                .orElse(OptionalDouble.empty());
        for (TrainingCurve c : run.training()) {
            OptionalDouble reach = target.isPresent() ? c.secondsToReach(target.getAsDouble()) : OptionalDouble.empty();
            md.append("| ").append(c.arm().label().replace(", no early stopping", ""))
                    .append(" | ").append(c.state())
                    .append(" | ").append(c.itemsPerEpoch())
                    .append(" | ").append(fmt("%.1f", c.totalSeconds()))
                    .append(" | ").append(c.bestAccuracy().isPresent() ? fmt("%.2f %%", c.bestAccuracy().getAsDouble() * 100) : "-")
                    .append(" | ").append(reach.isPresent() ? fmt("%.1f", reach.getAsDouble()) : "not reached")
                    .append(" | ").append(reach.isPresent() && fullTime.isPresent()
                            ? fmt("%.2fx", BenchMath.speedup(fullTime.getAsDouble(), reach.getAsDouble())) : "-")
                    .append(" |\n");
        }
        return md.toString();
    }

    private static void arms(StringBuilder md, List<Row> rows, List<PeerResult> peers) {
        boolean replicated = seeds(rows.stream().map(Row::result).toList()).size() > 1;
        if (replicated) {
            aggregateTable(md, aggregates(rows));
            md.append("\n### Every seed\n\n");
        }
        md.append("Arms ran in a random order per seed (pos: 0 = first), drawn from the study seed.\n\n");
        md.append("| arm |").append(replicated ? " seed |" : "").append(" pos | state | tuning wall s | wall speedup | end-to-end wall s "
                + "| end-to-end wall speedup | wall speedup vs peer | training s | training-s speedup | pre-proc s | retrain s "
                + "| test acc (mean ± sd, n) | Δ pp vs full-ASHA | rank | chosen configuration |\n");
        md.append("|---|").append(replicated ? "---:|" : "").append("---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            ArmResult r = row.result();
            Summary test = r.test();
            String pre = fmt("%.1f", r.preprocessingSeconds()) + (r.reusedPlans().isEmpty() ? "" : " (plan reused)")
                    + (r.earlierPlans().isEmpty() ? "" : " (plan from an earlier run)");
            md.append("| ").append(r.arm().label()).append(r.arm().isBaseline() ? " (baseline)" : "")
                    .append(replicated ? " | " + r.seed() : "")
                    .append(" | ").append(r.wall().position() < 0 ? "-" : String.valueOf(r.wall().position()))
                    .append(" | ").append(r.state())
                    .append(" | ").append(fmt("%.1f", r.wall().tuningSeconds()))
                    .append(" | ").append(fmt("%.2fx", row.wallSpeedup()))
                    .append(" | ").append(fmt("%.1f", r.wall().endToEndSeconds()))
                    .append(r.wall().retrainNeeded() || !Double.isFinite(r.wall().tuningSeconds()) ? "" : " (no retrain)")
                    .append(" | ").append(fmt("%.2fx", row.endToEndWallSpeedup()))
                    .append(" | ").append(fmt("%.2fx", row.peerWallSpeedup()))
                    .append(" | ").append(fmt("%.1f", r.tuningSeconds()))
                    .append(" | ").append(fmt("%.2fx", row.speedup()))
                    .append(" | ").append(pre)
                    .append(" | ").append(fmt("%.1f", r.retrainSeconds()))
                    .append(" | ").append(test.isEmpty() ? "-" : fmt("%.2f %%", test.mean() * 100) + " ± " + fmt("%.2f", test.sd() * 100)
                            + " (" + test.n() + ")")
                    .append(" | ").append(fmt("%+.2f", row.deltaPoints()))
                    .append(" | ").append(row.rank().isPresent() ? row.rank().getAsInt() + " / " + row.rankOutOf() : "-")
                    .append(" | ").append(configuration(r.chosen()))
                    .append(" |\n");
        }
        peerTable(md, peers, rows);
        md.append("\nDefinitions:\n\n");
        md.append("- tuning wall s: ").append(TUNING_WALL).append(".\n");
        md.append("- end-to-end wall s: ").append(END_TO_END_WALL).append(".\n");
        md.append("- wall speedup: ").append(WALL_SPEEDUP).append(".\n");
        md.append("- training s, training-s speedup: ").append(SPEEDUP).append(" (secondary: what bench v1 reported as speedup).\n");
        md.append("- Δ pp: ").append(DELTA).append(".\n");
        md.append("- rank: ").append(RANK).append(".\n");
        md.append("- intervals: ").append(INTERVAL).append(".\n");
        Targets goals = Targets.ISSUE_17;
        md.append("\n## Targets (").append(goals.describe()).append("; MILO above random at the same fraction)\n\n");
        md.append("Judged on the mean of the paired per-seed values; the 95 % interval beside it.\n\n");
        md.append("| MILO arm | wall speedup [95 % CI] | >= ").append(fmt("%.0fx", goals.wallSpeedup()))
                .append(" | vs peer [95 % CI] | >= ").append(fmt("%.0fx", goals.peerWallSpeedup()))
                .append(" | Δ pp [95 % CI] | >= ").append(fmt("%+.1f", goals.deltaPoints()))
                .append(" | Δ pp vs random [95 % CI] | above random |\n");
        md.append("|---|---:|---|---:|---|---:|---|---:|---|\n");
        for (Target t : targets(rows)) {
            md.append("| ").append(t.arm().label())
                    .append(" | ").append(interval("%.2fx", t.wallSpeedup()))
                    .append(" | ").append(t.wallMet() ? "met" : "missed")
                    .append(" | ").append(t.peerWallSpeedup().map(i -> interval("%.2fx", i)).orElse("-"))
                    .append(" | ").append(t.peerWallMet().map(b -> b ? "met" : "missed").orElse("no peer"))
                    .append(" | ").append(interval("%+.2f", t.deltaPoints()))
                    .append(" | ").append(t.accuracyMet() ? "met" : "missed")
                    .append(" | ").append(t.vsRandom().map(v -> interval("%+.2f", v)).orElse("-"))
                    .append(" | ").append(t.aboveRandom().map(b -> b ? "yes" : "no").orElse("-"))
                    .append(" |\n");
        }
        md.append("\nCharts: `speedup-vs-accuracy.png` (training-seconds speedup, log scale, against Δ pp), `cost-breakdown.png` "
                + "(pre-processing, tuning and retrain seconds per arm).\n");
    }

    /** The peer's runs, each seed's, or why it did not run. */
    private static void peerTable(StringBuilder md, List<PeerResult> peers, List<Row> rows) {
        if (peers.isEmpty()) {
            return;
        }
        md.append("\n### Optuna + PyTorch peer (examples/bench/peer/optuna_peer.py), same seeds, same splits\n\n");
        md.append("| peer run | seed | pos | tuning wall s | end-to-end wall s | training s | test acc (mean ± sd, n) "
                + "| Δ pp vs full-ASHA | BLAS / why not run |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PeerResult p : peers) {
            Optional<Row> base = rows.stream().filter(r -> r.arm().isBaseline() && r.result().seed() == p.seed()).findFirst();
            Summary test = p.test();
            double delta = base.isEmpty() || test.isEmpty() || base.get().result().test().isEmpty() ? Double.NaN
                    : BenchMath.deltaPoints(test.mean(), base.get().result().test().mean());
            md.append("| ").append(p.label())
                    .append(" | ").append(p.seed())
                    .append(" | ").append(p.position() < 0 ? "-" : String.valueOf(p.position()))
                    .append(" | ").append(fmt("%.1f", p.tuningWallSeconds()))
                    .append(" | ").append(fmt("%.1f", p.endToEndWallSeconds()))
                    .append(" | ").append(fmt("%.1f", p.trainingSeconds()))
                    .append(" | ").append(test.isEmpty() ? "-" : fmt("%.2f %%", test.mean() * 100) + " ± " + fmt("%.2f", test.sd() * 100)
                            + " (" + test.n() + ")")
                    .append(" | ").append(fmt("%+.2f", delta))
                    .append(" | ").append(p.skipped().map(w -> "not run: " + w).orElse(p.blas()))
                    .append(" |\n");
        }
    }

    private static void aggregateTable(StringBuilder md, List<Aggregate> aggregates) {
        md.append("### Mean [95 % CI] over the seeds, paired per seed\n\n");
        md.append("| arm | seeds | tuning wall s | wall speedup | end-to-end wall speedup | wall speedup vs peer | training-s speedup (± sd) "
                + "| test acc (± sd) | Δ pp vs full-ASHA | Δ pp vs random | rank (± sd) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Aggregate a : aggregates) {
            md.append("| ").append(a.arm().label())
                    .append(" | ").append(a.seeds())
                    .append(" | ").append(interval("%.1f", a.tuningWallSeconds()))
                    .append(" | ").append(interval("%.2fx", a.wallSpeedup()))
                    .append(" | ").append(interval("%.2fx", a.endToEndWallSpeedup()))
                    .append(" | ").append(interval("%.2fx", a.peerWallSpeedup()))
                    .append(" | ").append(spread("%.2fx", "%.2f", a.speedup(), 1))
                    .append(" | ").append(spread("%.2f %%", "%.2f", a.test(), 100))
                    .append(" | ").append(interval("%+.2f", a.deltaPoints()))
                    .append(" | ").append(a.vsRandom().map(v -> interval("%+.2f", v)).orElse("-"))
                    .append(" | ").append(spread("%.1f", "%.1f", a.rank(), 1))
                    .append(" |\n");
        }
    }

    /** "mean [lo, hi]", or the mean alone for one seed, or "-". */
    static String interval(String format, Interval i) {
        if (i.isEmpty()) {
            return "-";
        }
        return fmt(format, i.mean()) + (i.bounded() ? " [" + fmt(format, i.lo()) + ", " + fmt(format, i.hi()) + "]" : "");
    }

    private static String spread(String format, String sdFormat, Summary s, double scale) {
        return s.isEmpty() ? "-" : fmt(format, s.mean() * scale) + " ± " + fmt(sdFormat, s.sd() * scale);
    }

    public static ObjectNode json(BenchRun run) {
        ObjectNode root = JSON.createObjectNode();
        BenchDesign d = run.design();
        root.put("preset", d.preset());
        root.put("dataset", d.dataset());
        root.put("command", run.command());
        root.put("startedAt", run.startedAt().toString());
        root.put("finishedAt", run.finishedAt().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", run.machine().cores());
        machine.put("memoryBytes", run.machine().memoryBytes());
        machine.put("javaVersion", run.machine().javaVersion());
        machine.put("javaVm", run.machine().javaVm());
        machine.put("os", run.machine().os());
        machine.put("arch", run.machine().arch());
        ObjectNode design = root.putObject("design");
        design.put("model", d.family());
        design.put("encoder", d.encoder());
        ArrayNode seedList = design.putArray("seeds");
        seeds(run.results()).forEach(seedList::add);
        design.put("epochs", d.epochs());
        design.put("trials", d.trials());
        design.put("sampler", "tpe");
        design.put("startupTrials", d.startupTrials());
        design.put("seed", d.seed());
        design.put("maxConcurrentTrials", d.concurrent());
        design.put("retrains", d.retrains());
        ObjectNode definitions = root.putObject("definitions");
        definitions.put("tuningWallSeconds", TUNING_WALL);
        definitions.put("endToEndWallSeconds", END_TO_END_WALL);
        definitions.put("wallSpeedup", WALL_SPEEDUP);
        definitions.put("ci95", INTERVAL);
        definitions.put("speedup", SPEEDUP);
        definitions.put("endToEndSpeedup", END_TO_END);
        definitions.put("deltaPoints", DELTA);
        definitions.put("rank", RANK);
        ArrayNode arms = root.putArray("arms");
        for (Row row : run.results().isEmpty() ? List.<Row>of() : rows(run.results(), run.peers())) {
            ArmResult r = row.result();
            ObjectNode a = arms.addObject();
            a.put("id", r.arm().id());
            a.put("label", r.arm().label());
            a.put("strategy", r.arm().strategy());
            a.put("fraction", r.arm().fraction());
            a.put("scheduler", r.arm().scheduler());
            a.put("fidelity", r.arm().fidelity());
            a.put("seed", r.seed());
            a.put("studyId", r.studyId());
            a.put("studyName", d.studyName(r.arm()));
            a.put("state", r.state());
            a.put("searchTrials", r.searchTrials());
            number(a, "tuningSeconds", r.tuningSeconds());
            number(a, "studyWallSeconds", r.studyWallSeconds());
            number(a, "wallSeconds", r.submitWallSeconds());
            number(a, "preprocessingSeconds", r.preprocessingSeconds());
            ArrayNode plans = a.putArray("planIds");
            r.planIds().forEach(plans::add);
            ArrayNode reused = a.putArray("reusedPlanIds");
            r.reusedPlans().forEach(reused::add);
            ArrayNode earlier = a.putArray("plansFromEarlierRuns");
            r.earlierPlans().forEach(earlier::add);
            number(a, "retrainSeconds", r.retrainSeconds());
            number(a, "endToEndSeconds", r.endToEndSeconds());
            a.set("chosenConfiguration", JSON.valueToTree(new TreeMap<>(r.chosen())));
            if (r.chosenValue() == null) {
                a.putNull("chosenValidationAccuracy");
            } else {
                number(a, "chosenValidationAccuracy", r.chosenValue());
            }
            ArrayNode tests = a.putArray("retrainTestAccuracies");
            r.retrainTest().forEach(tests::add);
            ArrayNode vals = a.putArray("retrainValidationAccuracies");
            r.retrainValidation().forEach(vals::add);
            summary(a.putObject("testAccuracy"), r.test());
            number(a, "speedup", row.speedup());
            number(a, "endToEndSpeedup", row.endToEndSpeedup());
            a.put("position", r.wall().position());
            number(a, "tuningWallSeconds", r.wall().tuningSeconds());
            number(a, "oneRetrainWallSeconds", r.wall().oneRetrainSeconds());
            a.put("retrainNeeded", r.wall().retrainNeeded());
            number(a, "endToEndWallSeconds", r.wall().endToEndSeconds());
            number(a, "wallSpeedup", row.wallSpeedup());
            number(a, "endToEndWallSpeedup", row.endToEndWallSpeedup());
            number(a, "peerWallSpeedup", row.peerWallSpeedup());
            number(a, "deltaPoints", row.deltaPoints());
            if (row.rank().isPresent()) {
                a.put("rank", row.rank().getAsInt());
                a.put("rankOutOf", row.rankOutOf());
            } else {
                a.putNull("rank");
            }
            ArrayNode search = a.putArray("searchTrialResults");
            for (ArmResult.TrialValue t : r.searchValidation()) {
                ObjectNode tn = search.addObject();
                tn.put("number", t.number());
                tn.put("rung", t.rung());
                tn.put("epochs", t.epochs());
                number(tn, "bestValidationAccuracy", t.value());
                tn.set("configuration", JSON.valueToTree(new TreeMap<>(t.configuration())));
            }
        }
        ObjectNode training = root.putObject("trainingExperiment");
        training.put("configuration", "adam, lr 0.003, hidden 256, batch 128, " + d.epochs() + " epochs, no early stopping");
        trainingTarget(run.training()).ifPresentOrElse(t -> number(training, "targetValidationAccuracy", t),
                () -> training.putNull("targetValidationAccuracy"));
        ArrayNode curves = training.putArray("curves");
        for (TrainingCurve c : run.training()) {
            ObjectNode cn = curves.addObject();
            cn.put("id", c.arm().id());
            cn.put("strategy", c.arm().strategy());
            cn.put("fraction", c.arm().fraction());
            cn.put("studyId", c.studyId());
            cn.put("state", c.state());
            cn.put("itemsPerEpoch", c.itemsPerEpoch());
            number(cn, "trainingSeconds", c.totalSeconds());
            OptionalDouble reach = trainingTarget(run.training()).isPresent()
                    ? c.secondsToReach(trainingTarget(run.training()).getAsDouble()) : OptionalDouble.empty();
            reach.ifPresentOrElse(v -> number(cn, "secondsToTarget", v), () -> cn.putNull("secondsToTarget"));
            ArrayNode points = cn.putArray("points");
            for (TrainingCurve.Point p : c.points()) {
                ObjectNode pn = points.addObject();
                pn.put("epoch", p.epoch());
                number(pn, "seconds", p.seconds());
                number(pn, "validationAccuracy", p.validationAccuracy());
            }
        }
        ArrayNode aggregates = root.putArray("aggregates");
        for (Aggregate g : run.results().isEmpty() ? List.<Aggregate>of() : aggregates(rows(run.results(), run.peers()))) {
            ObjectNode gn = aggregates.addObject();
            gn.put("arm", g.arm().id());
            gn.put("seeds", g.seeds());
            interval(gn.putObject("tuningWallSeconds"), g.tuningWallSeconds());
            interval(gn.putObject("wallSpeedup"), g.wallSpeedup());
            interval(gn.putObject("peerWallSpeedup"), g.peerWallSpeedup());
            interval(gn.putObject("endToEndWallSpeedup"), g.endToEndWallSpeedup());
            interval(gn.putObject("deltaPoints"), g.deltaPoints());
            g.vsRandom().ifPresentOrElse(v -> interval(gn.putObject("deltaPointsVsRandom"), v), () -> gn.putNull("deltaPointsVsRandom"));
            summary(gn.putObject("speedup"), g.speedup());
            summary(gn.putObject("endToEndSpeedup"), g.endToEndSpeedup());
            summary(gn.putObject("testAccuracy"), g.test());
            summary(gn.putObject("rank"), g.rank());
        }
        ArrayNode targets = root.putArray("targets");
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("wallSpeedup", Targets.ISSUE_17.wallSpeedup());
        thresholds.put("peerWallSpeedup", Targets.ISSUE_17.peerWallSpeedup());
        thresholds.put("deltaPoints", Targets.ISSUE_17.deltaPoints());
        for (Target t : run.results().isEmpty() ? List.<Target>of() : targets(rows(run.results(), run.peers()))) {
            ObjectNode tn = targets.addObject();
            tn.put("arm", t.arm().id());
            interval(tn.putObject("wallSpeedup"), t.wallSpeedup());
            tn.put("wallSpeedupMet", t.wallMet());
            t.peerWallSpeedup().ifPresentOrElse(v -> interval(tn.putObject("peerWallSpeedup"), v), () -> tn.putNull("peerWallSpeedup"));
            t.peerWallMet().ifPresentOrElse(b -> tn.put("peerWallSpeedupMet", b), () -> tn.putNull("peerWallSpeedupMet"));
            interval(tn.putObject("deltaPoints"), t.deltaPoints());
            tn.put("deltaPointsMet", t.accuracyMet());
            t.vsRandom().ifPresentOrElse(v -> interval(tn.putObject("deltaPointsVsRandom"), v), () -> tn.putNull("deltaPointsVsRandom"));
            t.aboveRandom().ifPresentOrElse(b -> tn.put("aboveRandom", b), () -> tn.putNull("aboveRandom"));
        }
        ArrayNode peers = root.putArray("peers");
        for (PeerResult p : run.peers()) {
            ObjectNode pn = peers.addObject();
            pn.put("id", p.id());
            pn.put("seed", p.seed());
            pn.put("fraction", p.fraction());
            pn.put("position", p.position());
            p.skipped().ifPresentOrElse(w -> pn.put("skipped", w), () -> pn.putNull("skipped"));
            number(pn, "tuningWallSeconds", p.tuningWallSeconds());
            number(pn, "endToEndWallSeconds", p.endToEndWallSeconds());
            number(pn, "trainingSeconds", p.trainingSeconds());
            ArrayNode tests = pn.putArray("retrainTestAccuracies");
            p.retrainTest().forEach(tests::add);
            ArrayNode seconds = pn.putArray("retrainSeconds");
            p.retrainSeconds().forEach(seconds::add);
            pn.set("chosenConfiguration", JSON.valueToTree(new TreeMap<>(p.chosen())));
            pn.put("blas", p.blas());
        }
        return root;
    }

    /**
     * A run read back from its results.json, so that report.md and the charts can be drawn again
     * from the raw measurements ({@code bench --render DIR}). Files written before seeds were
     * recorded count as one replicate of the design's seed.
     */
    public static BenchRun read(JsonNode root) {
        JsonNode d = root.path("design");
        BenchDesign preset = BenchDesign.preset(root.path("preset").asText(), root.path("dataset").asText());
        List<Arm> arms = new ArrayList<>();
        List<ArmResult> results = new ArrayList<>();
        for (JsonNode a : root.path("arms")) {
            Arm arm = new Arm(a.path("id").asText(), a.path("strategy").asText(), a.path("fraction").asDouble(),
                    a.path("scheduler").asText(), a.path("fidelity").asText());
            if (!arms.contains(arm)) {
                arms.add(arm);
            }
            List<ArmResult.TrialValue> search = new ArrayList<>();
            for (JsonNode t : a.path("searchTrialResults")) {
                search.add(new ArmResult.TrialValue(t.path("number").asInt(), t.path("rung").asInt(), t.path("epochs").asInt(),
                        t.path("bestValidationAccuracy").asDouble(), JSON.convertValue(t.path("configuration"), MAP)));
            }
            JsonNode chosenValue = a.path("chosenValidationAccuracy");
            results.add(new ArmResult(arm, a.path("studyId").asText(), a.path("state").asText(), a.path("searchTrials").asInt(),
                    a.path("tuningSeconds").asDouble(), a.path("studyWallSeconds").asDouble(), a.path("wallSeconds").asDouble(),
                    a.path("preprocessingSeconds").asDouble(), strings(a.path("planIds")), strings(a.path("reusedPlanIds")),
                    strings(a.path("plansFromEarlierRuns")), a.path("retrainSeconds").asDouble(),
                    JSON.convertValue(a.path("chosenConfiguration"), MAP), chosenValue.isNumber() ? chosenValue.asDouble() : null,
                    numbers(a.path("retrainTestAccuracies")), numbers(a.path("retrainValidationAccuracies")), search,
                    a.path("seed").asLong(d.path("seed").asLong(preset.seed())),
                    a.has("tuningWallSeconds") ? new ArmResult.Wall(number(a.path("tuningWallSeconds")),
                            number(a.path("oneRetrainWallSeconds")), a.path("retrainNeeded").asBoolean(true), a.path("position").asInt(-1))
                            : ArmResult.Wall.UNKNOWN));
        }
        BenchDesign design = new BenchDesign(preset.preset(), preset.dataset(), d.path("epochs").asInt(preset.epochs()),
                d.path("trials").asInt(preset.trials()), d.path("startupTrials").asInt(preset.startupTrials()),
                d.path("maxConcurrentTrials").asInt(preset.concurrent()), d.path("retrains").asInt(preset.retrains()),
                d.path("seed").asLong(preset.seed()), arms.isEmpty() ? preset.arms() : arms);
        List<TrainingCurve> training = new ArrayList<>();
        for (JsonNode c : root.path("trainingExperiment").path("curves")) {
            Arm arm = design.trainingArms().stream().filter(t -> t.id().equals(c.path("id").asText())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown training curve " + c.path("id").asText()));
            List<TrainingCurve.Point> points = new ArrayList<>();
            for (JsonNode p : c.path("points")) {
                points.add(new TrainingCurve.Point(p.path("epoch").asInt(), p.path("seconds").asDouble(),
                        p.path("validationAccuracy").asDouble()));
            }
            training.add(new TrainingCurve(arm, c.path("studyId").asText(), c.path("state").asText(), c.path("itemsPerEpoch").asLong(),
                    points));
        }
        List<PeerResult> peers = new ArrayList<>();
        for (JsonNode p : root.path("peers")) {
            peers.add(new PeerResult(p.path("seed").asLong(), p.path("fraction").asDouble(), p.path("position").asInt(-1),
                    p.path("skipped").isTextual() ? Optional.of(p.path("skipped").asText()) : Optional.empty(),
                    number(p.path("tuningWallSeconds")), number(p.path("trainingSeconds")), numbers(p.path("retrainTestAccuracies")),
                    numbers(p.path("retrainSeconds")), JSON.convertValue(p.path("chosenConfiguration"), MAP), p.path("blas").asText()));
        }
        JsonNode m = root.path("machine");
        MachineInfo machine = new MachineInfo(m.path("cores").asInt(), m.path("memoryBytes").asLong(), m.path("javaVersion").asText(),
                m.path("javaVm").asText(), m.path("os").asText(), m.path("arch").asText());
        return new BenchRun(design, machine, root.path("command").asText(), Instant.parse(root.path("startedAt").asText()),
                Instant.parse(root.path("finishedAt").asText()), results, training, peers);
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A number written by {@link #number}: null stands for NaN. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    public static String jsonText(BenchRun run) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(run)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void summary(ObjectNode node, Summary s) {
        node.put("n", s.n());
        number(node, "mean", s.mean());
        number(node, "sd", s.sd());
        number(node, "min", s.min());
        number(node, "max", s.max());
    }

    /** {@code {mean, sd, ci95: [lo, hi], n}}; null for what one seed cannot say. */
    private static void interval(ObjectNode node, Interval i) {
        number(node, "mean", i.mean());
        number(node, "sd", i.sd());
        ArrayNode ci = node.putArray("ci95");
        for (double bound : new double[] {i.lo(), i.hi()}) {
            if (Double.isFinite(bound)) {
                ci.add(bound);
            } else {
                ci.addNull();
            }
        }
        node.put("n", i.n());
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    static String configuration(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            Object v = e.getValue();
            sb.append(e.getKey()).append(' ').append(v instanceof Double x ? fmt("%.4g", x) : String.valueOf(v));
        }
        return sb.toString();
    }

    static String fmt(String format, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
