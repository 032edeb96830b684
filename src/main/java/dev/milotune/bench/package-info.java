/**
 * The speedup experiment ({@code milotune bench}, issue 9): runs the arms of one base design
 * (full data with ASHA, the baseline, and without early stopping; MILO, random and
 * adaptive-random subsets with ASHA; MILO with data fidelity, with the full-data check of its
 * leaders, with a validation sample) one after the other through the study service, with the plans
 * computed first and timed apart, and writes results.json, report.md and PNG charts.
 *
 * <p>Owns: the arms and presets ({@link dev.milotune.bench.Arm}, {@link dev.milotune.bench.BenchDesign},
 * which also generates the specs in {@code examples/bench/}), the derived numbers (speedup,
 * end-to-end speedup, wall-clock speedups paired per seed on a ready plan and with it, accuracy delta,
 * rank, normalised regret, the studies' agreement, 95 % intervals (log scale for ratios), the
 * issue-17 thresholds: {@link dev.milotune.bench.BenchMath}, {@link dev.milotune.bench.Summary},
 * {@link dev.milotune.bench.Interval}, {@link dev.milotune.bench.Targets},
 * {@link dev.milotune.bench.BenchAnalysis}), their rendering ({@link dev.milotune.bench.BenchMarkdown},
 * {@link dev.milotune.bench.BenchJson}, {@link dev.milotune.bench.Charts}, plain Java2D), the Optuna +
 * PyTorch peer run as a subprocess in the same run ({@link dev.milotune.bench.OptunaPeer}) and the command itself: its options, checked
 * before anything starts ({@link dev.milotune.bench.BenchCommand}, picocli, which starts the
 * service), and the run in the service ({@link dev.milotune.bench.BenchApp}); these two are the
 * only classes here that touch Quarkus. Everything else is plain Java with unit tests. Depends on orchestration, data, study, machine (its Agreement) and
 * config; nothing depends on it except the command-line entry point.
 */
package dev.milotune.bench;
