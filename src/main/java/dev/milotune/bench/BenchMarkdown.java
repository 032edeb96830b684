package dev.milotune.bench;

import static dev.milotune.bench.BenchAnalysis.*;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** report.md of a run: the design, every seed's row, the aggregates with their intervals, the targets, the peer. */
public final class BenchMarkdown {

    private BenchMarkdown() {
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
            arms(md, rows, run.peers(), d.arms());
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

    private static void arms(StringBuilder md, List<Row> rows, List<PeerResult> peers, List<Arm> design) {
        boolean replicated = seeds(rows.stream().map(Row::result).toList()).size() > 1;
        if (replicated) {
            aggregateTable(md, aggregates(inDesignOrder(rows, design)));
            md.append("\n### Every seed\n\n");
        }
        md.append("Arms ran in a random order per seed (pos: 0 = first), drawn from the study seed.\n\n");
        md.append("| arm |").append(replicated ? " seed |" : "").append(" pos | state | tuning wall s | plan s | wall speedup "
                + "| with plan | end-to-end wall s | end-to-end wall speedup | vs peer | vs peer, with plan | training s | training-s speedup "
                + "| retrain s | test acc (mean ± sd, n) | Δ pp vs full-ASHA | rank | regret | agreement tau (pairs) | chosen configuration |\n");
        md.append("|---|").append(replicated ? "---:|" : "")
                .append("---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            ArmResult r = row.result();
            Summary test = r.test();
            md.append("| ").append(r.arm().label()).append(r.arm().isBaseline() ? " (baseline)" : "")
                    .append(replicated ? " | " + r.seed() : "")
                    .append(" | ").append(r.wall().position() < 0 ? "-" : String.valueOf(r.wall().position()))
                    .append(" | ").append(r.state())
                    .append(" | ").append(fmt("%.1f", r.wall().tuningSeconds()))
                    .append(" | ").append(fmt("%.1f", r.wall().planSeconds()))
                    .append(" | ").append(fmt("%.2fx", row.wallSpeedup()))
                    .append(" | ").append(fmt("%.2fx", row.wallWithPlanSpeedup()))
                    .append(" | ").append(fmt("%.1f", r.wall().endToEndSeconds()))
                    .append(r.wall().retrainNeeded() || !Double.isFinite(r.wall().tuningSeconds()) ? "" : " (no retrain)")
                    .append(" | ").append(fmt("%.2fx", row.endToEndWallSpeedup()))
                    .append(" | ").append(fmt("%.2fx", row.peerWallSpeedup()))
                    .append(" | ").append(fmt("%.2fx", row.peerWallWithPlanSpeedup()))
                    .append(" | ").append(fmt("%.1f", r.tuningSeconds()))
                    .append(" | ").append(fmt("%.2fx", row.speedup()))
                    .append(" | ").append(fmt("%.1f", r.retrainSeconds()))
                    .append(" | ").append(test.isEmpty() ? "-" : fmt("%.2f %%", test.mean() * 100) + " ± " + fmt("%.2f", test.sd() * 100)
                            + " (" + test.n() + ")")
                    .append(" | ").append(fmt("%+.2f", row.deltaPoints()))
                    .append(" | ").append(row.rank().isPresent() ? row.rank().getAsInt() + " / " + row.rankOutOf() : "-")
                    .append(" | ").append(fmt("%.2f", row.regret()))
                    .append(" | ").append(r.agreement().pairs() > 0
                            ? fmt("%+.2f", r.agreement().kendallTau()) + " (" + r.agreement().pairs() + ")" : "-")
                    .append(" | ").append(configuration(r.chosen()))
                    .append(" |\n");
        }
        peerTable(md, peers, rows);
        md.append("\nDefinitions:\n\n");
        md.append("- tuning wall s: ").append(TUNING_WALL).append(".\n");
        md.append("- plan s, with plan: ").append(WITH_PLAN).append(".\n");
        md.append("- end-to-end wall s: ").append(END_TO_END_WALL).append(".\n");
        md.append("- wall speedup: ").append(WALL_SPEEDUP).append(".\n");
        md.append("- training s, training-s speedup: ").append(SPEEDUP).append(" (secondary: what bench v1 reported as speedup).\n");
        md.append("- Δ pp: ").append(DELTA).append(".\n");
        md.append("- rank: ").append(RANK).append(".\n");
        md.append("- regret: ").append(REGRET).append(".\n");
        md.append("- agreement tau: ").append(AGREEMENT).append(".\n");
        md.append("- intervals: ").append(INTERVAL).append(".\n");
        Targets goals = Targets.ISSUE_17;
        md.append("\n## Targets (").append(goals.describe()).append("; MILO above random at the same fraction)\n\n");
        md.append("Judged on the mean of the paired per-seed values; the 95 % interval beside it.\n\n");
        md.append("| MILO arm | wall speedup [95 % CI] | >= ").append(fmt("%.0fx", goals.wallSpeedup()))
                .append(" | with plan [95 % CI] | >= ").append(fmt("%.0fx", goals.wallSpeedup()))
                .append(" | vs peer [95 % CI] | >= ").append(fmt("%.0fx", goals.peerWallSpeedup()))
                .append(" | vs peer, with plan [95 % CI] | >= ").append(fmt("%.0fx", goals.peerWallSpeedup()))
                .append(" | Δ pp [95 % CI] | >= ").append(fmt("%+.1f", goals.deltaPoints()))
                .append(" | worst seed Δ pp | >= ").append(fmt("%+.1f", goals.worstDeltaPoints()))
                .append(" | Δ pp vs random [95 % CI] | above random |\n");
        md.append("|---|---:|---|---:|---|---:|---|---:|---|---:|---|---:|---|---:|---|\n");
        for (Target t : targets(inDesignOrder(rows, design))) {
            md.append("| ").append(t.arm().label())
                    .append(" | ").append(interval("%.2fx", t.wallSpeedup()))
                    .append(" | ").append(t.wallMet() ? "met" : "missed")
                    .append(" | ").append(interval("%.2fx", t.wallWithPlanSpeedup()))
                    .append(" | ").append(t.wallWithPlanMet() ? "met" : "missed")
                    .append(" | ").append(t.peerWallSpeedup().map(i -> interval("%.2fx", i)).orElse("-"))
                    .append(" | ").append(t.peerWallMet().map(b -> b ? "met" : "missed").orElse("no peer"))
                    .append(" | ").append(t.peerWallWithPlanSpeedup().map(i -> interval("%.2fx", i)).orElse("-"))
                    .append(" | ").append(t.peerWallWithPlanMet().map(b -> b ? "met" : "missed").orElse("no peer"))
                    .append(" | ").append(interval("%+.2f", t.deltaPoints()))
                    .append(" | ").append(t.accuracyMet() ? "met" : "missed")
                    .append(" | ").append(fmt("%+.2f", t.worstDeltaPoints()))
                    .append(" | ").append(t.worstMet() ? "met" : "missed")
                    .append(" | ").append(t.vsRandom().map(v -> interval("%+.2f", v)).orElse("-"))
                    .append(" | ").append(t.aboveRandom().map(b -> b ? "yes" : "no").orElse("-"))
                    .append(" |\n");
        }
        md.append("\nCharts: `speedup-vs-accuracy.png` (tuning-wall speedup, log scale, against Δ pp), `cost-breakdown.png` "
                + "(pre-processing, tuning and retrain seconds per arm).\n");
    }

    /** The peer's runs, each seed's, or why it did not run. */
    private static void peerTable(StringBuilder md, List<PeerResult> peers, List<Row> rows) {
        if (peers.isEmpty()) {
            return;
        }
        md.append("\n### Optuna + PyTorch peer (bench/optuna_peer.py), same seeds, same splits\n\n");
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
        md.append("Wall clock (tuning wall on a ready plan; with plan: the first study on it):\n\n");
        md.append("| arm | seeds | tuning wall s | with plan | wall speedup | with plan | vs peer | vs peer, with plan "
                + "| end-to-end wall speedup | training-s speedup (± sd) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Aggregate a : aggregates) {
            row(md, a.arm().label(), a.seeds(), interval("%.1f", a.tuningWallSeconds()), interval("%.1f", a.tuningWallWithPlanSeconds()),
                    interval("%.2fx", a.wallSpeedup()), interval("%.2fx", a.wallWithPlanSpeedup()), interval("%.2fx", a.peerWallSpeedup()),
                    interval("%.2fx", a.peerWallWithPlanSpeedup()), interval("%.2fx", a.endToEndWallSpeedup()),
                    spread("%.2fx", "%.2f", a.speedup(), 1));
        }
        md.append("\nThe choice (its configuration retrained on full data):\n\n");
        md.append("| arm | seeds | test acc (± sd) | Δ pp vs full-ASHA | worst seed Δ pp | Δ pp vs random | rank (± sd) | regret "
                + "| agreement tau |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Aggregate a : aggregates) {
            row(md, a.arm().label(), a.seeds(), spread("%.2f %%", "%.2f", a.test(), 100), interval("%+.2f", a.deltaPoints()),
                    fmt("%+.2f", a.worstDeltaPoints()), a.vsRandom().map(v -> interval("%+.2f", v)).orElse("-"),
                    spread("%.1f", "%.1f", a.rank(), 1), interval("%.2f", a.regret()), interval("%+.2f", a.agreement()));
        }
    }

    /** One table row: {@code | c1 | c2 | ... |}. */
    private static void row(StringBuilder md, Object... cells) {
        md.append("| ").append(java.util.Arrays.stream(cells).map(String::valueOf).collect(java.util.stream.Collectors.joining(" | ")))
                .append(" |\n");
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
