package dev.milotune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The numbers derived from the arms' measurements, as plain functions of the results: rows per
 * arm and seed, aggregates over seeds, the targets. {@link BenchMarkdown} and {@link BenchJson}
 * render them. Definitions (also written into both files):
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
public final class BenchAnalysis {

    public static final String SPEEDUP = "full-ASHA tuning cost / arm tuning cost (tuning cost = sum of the search trials' training "
            + "seconds, StudyService.cost(..).tuningSeconds())";
    public static final String END_TO_END = "(pre-processing + tuning + final retrains) of full-ASHA / the same of the arm; "
            + "plan pre-processing (encoding + selection) is charged to the first arm of this run that uses the plan";
    public static final String TUNING_WALL = "wall-clock seconds from the arm's submit to its search done (the last search or check "
            + "trial settled) on a ready plan, as every study after the first on a dataset, encoder and fraction runs (the bench "
            + "computes the plans before the first arm): dispatch, training, validation, checkpoints";
    public static final String WITH_PLAN = "tuning wall + the recorded pre-processing of the arm's plan (encoding and MILO "
            + "selection): what the first study on that dataset, encoder and fraction waits for";
    public static final String END_TO_END_WALL = "tuning wall + ONE final retrain (the shortest of the design's retrains, queued to settled); "
            + "none for an arm whose chosen trial already trained R epochs on full data (full-data arms; the peer's full run)";
    public static final String WALL_SPEEDUP = "full-ASHA's wall / the arm's wall, paired per seed (the same seed's full-ASHA arm); "
            + "vs peer: the Optuna + PyTorch peer's full-data tuning wall (its study.optimize) / the arm's tuning wall, same seed";
    public static final String INTERVAL = "mean of the per-seed values ± t(0.975, n - 1) * sd / sqrt(n); for speedups (ratios) the same "
            + "on their logarithms: geometric mean [exp(mean ln - h), exp(mean ln + h)], sd of ln; none for one seed";
    public static final String DELTA = "arm's mean full-data retrain test accuracy - full-ASHA's, in percentage points";
    public static final String REGRET = "normalised regret of the choice, (best - chosen) / (best - median), over the same seed's "
            + "full-none search trials (best validation accuracy, every one trained all epochs on full data) and the mean best "
            + "validation accuracy of the arm's chosen configuration retrained on full data: 0 = as good as the best, 1 = no better "
            + "than the median configuration, negative = better than every configuration full-none tried";
    public static final String AGREEMENT = "the study's agreement with its full-data checks at its lowest rung (GET /api/v1/studies/{id}): "
            + "Kendall's tau-b over the configurations that have both that rung's score and a full-data check (3 with topK 3)";
    public static final String RANK = "1 + number of full-none search trials (every one trained all epochs on full data) whose best "
            + "validation accuracy is strictly above the mean best validation accuracy of the arm's chosen configuration retrained "
            + "on full data; out of N + 1 (1 = as good as the best full-data configuration found without early stopping)";

    private BenchAnalysis() {
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
            double peerWallSpeedup, double wallWithPlanSpeedup, double peerWallWithPlanSpeedup, double deltaPoints, OptionalInt rank,
            int rankOutOf, double regret) {
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
            double peerWithPlan = peerFull(peers, r.seed())
                    .map(p -> BenchMath.speedup(p.tuningWallSeconds(), r.wall().tuningWithPlanSeconds())).orElse(Double.NaN);
            double regret = fullNone.isEmpty() || r.validation().isEmpty() ? Double.NaN
                    : BenchMath.normalisedRegret(r.validation().mean(), reference);
            // The baseline's plan-free wall is its with-plan wall: full data needs no plan.
            rows.add(new Row(r, against(base, r, ArmResult::tuningSeconds), against(base, r, ArmResult::endToEndSeconds),
                    against(base, r, a -> a.wall().tuningSeconds()), against(base, r, a -> a.wall().endToEndSeconds()), peerWall,
                    base.map(b -> BenchMath.speedup(b.wall().tuningSeconds(), r.wall().tuningWithPlanSeconds())).orElse(Double.NaN),
                    peerWithPlan, delta, rank, reference.size() + 1, regret));
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
            Interval peerWallSpeedup, Interval tuningWallWithPlanSeconds, Interval wallWithPlanSpeedup, Interval peerWallWithPlanSpeedup,
            Interval regret, Interval agreement, double worstDeltaPoints) {
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
                    Interval.ratio(mine.stream().map(Row::wallSpeedup).toList()), Interval.ratio(mine.stream().map(Row::endToEndWallSpeedup).toList()),
                    Interval.ratio(mine.stream().map(Row::peerWallSpeedup).toList()),
                    Interval.t95(mine.stream().map(r -> r.result().wall().tuningWithPlanSeconds()).toList()),
                    Interval.ratio(mine.stream().map(Row::wallWithPlanSpeedup).toList()),
                    Interval.ratio(mine.stream().map(Row::peerWallWithPlanSpeedup).toList()), Interval.t95(mine.stream().map(Row::regret).toList()),
                    Interval.t95(mine.stream().map(r -> r.result().agreement().kendallTau()).toList()),
                    mine.stream().mapToDouble(Row::deltaPoints).filter(Double::isFinite).min().orElse(Double.NaN)));
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
                    a.peerWallSpeedup().mean(), a.wallWithPlanSpeedup().mean(), a.peerWallWithPlanSpeedup().mean(), a.deltaPoints().mean(),
                    OptionalInt.empty(), 0, a.regret().mean()));
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
            Optional<Boolean> aboveRandom, Interval wallWithPlanSpeedup, boolean wallWithPlanMet, Optional<Interval> peerWallWithPlanSpeedup,
            Optional<Boolean> peerWallWithPlanMet, double worstDeltaPoints, boolean worstMet) {
    }

    public static List<Target> targets(List<Row> rows) {
        Targets goals = Targets.ISSUE_17;
        List<Target> targets = new ArrayList<>();
        for (Aggregate a : aggregates(rows)) {
            if (!a.arm().strategy().equals("milo")) {
                continue;
            }
            Optional<Interval> peer = a.peerWallSpeedup().isEmpty() ? Optional.empty() : Optional.of(a.peerWallSpeedup());
            Optional<Interval> peerWithPlan = a.peerWallWithPlanSpeedup().isEmpty() ? Optional.empty()
                    : Optional.of(a.peerWallWithPlanSpeedup());
            targets.add(new Target(a.arm(), a.wallSpeedup(), goals.wallMet(a.wallSpeedup()), peer, peer.map(goals::peerWallMet),
                    a.deltaPoints(), goals.accuracyMet(a.deltaPoints()), a.vsRandom(), a.vsRandom().map(d -> d.mean() > 0),
                    a.wallWithPlanSpeedup(), goals.wallMet(a.wallWithPlanSpeedup()), peerWithPlan, peerWithPlan.map(goals::peerWallMet),
                    a.worstDeltaPoints(), goals.worstMet(a.worstDeltaPoints())));
        }
        return targets;
    }

    /**
     * The rows with their arms in the design's order, for the tables over seeds: each seed's rows
     * come in its random run order. Stable, so seeds keep their order; arms not in the design last.
     */
    public static List<Row> inDesignOrder(List<Row> rows, List<Arm> design) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingInt(r -> design.indexOf(r.arm()) < 0 ? Integer.MAX_VALUE : design.indexOf(r.arm())));
        return sorted;
    }

    /** The study seeds of the results, in the order they ran. */
    static List<Long> seeds(List<ArmResult> results) {
        return results.stream().map(ArmResult::seed).distinct().toList();
    }

}
