/**
 * MILO subset selection (Killamsetty et al., "MILO: Model-Agnostic Subset Selection Framework for
 * Efficient Model Training and Tuning", arXiv 2301.13287), as ../shared/MILO.md specifies it:
 * per-class similarity kernels, submodular set functions, greedy optimizers, SGE subsets, WRE
 * importance, the curriculum, baselines and the immutable, content-addressed subset plan.
 *
 * <h2>Surface</h2>
 * <ul>
 *   <li>{@link dev.milotune.selection.MiloPlanner}: {@code plan(float[][] embeddings, int[] labels,
 *       PlanOptions, ProgressListener) -> SubsetPlan}, {@code ladder(..., double[] fractions, ...)
 *       -> List<SubsetPlan>} (one pass, each class kernel built once), {@code planKey(...)} (the
 *       id before computing), {@code select(..., SelectionOptions, ...) -> GreedySelection}
 *       (one function + one optimizer).
 *   <li>{@link dev.milotune.selection.PlanOptions} (record, {@code defaults(seed)} and withers),
 *       {@link dev.milotune.selection.ProgressListener} (stage, done, total).
 *   <li>{@link dev.milotune.selection.SubsetPlan}: {@code id()}, budgets, SGE subsets, WRE
 *       orders and probabilities, {@link dev.milotune.selection.PlanProvenance};
 *       {@code toBytes()}/{@code fromBytes(byte[])}, {@code writeJson(Appendable)}
 *       (docs/selection-plan-schema.md).
 *   <li>{@link dev.milotune.selection.EpochSubsets#forEpoch} and
 *       {@link dev.milotune.selection.Curriculum#subsetFor}: the subset of any epoch for any
 *       {@link dev.milotune.selection.SubsetStrategy}, a pure function of (plan, trial seed,
 *       epoch), sorted ascending.
 *   <li>{@link dev.milotune.selection.Budgets}, {@link dev.milotune.selection.ContentHash}, and
 *       the specs of kernels, functions and optimizers for single runs.
 * </ul>
 *
 * <h2>Inside</h2>
 * Kernels are float32 n x n arrays built by ND4J gemm in row strips ({@code KernelBuilder});
 * set functions ({@code SetFunction}: facility location, graph cut, disparity-min,
 * disparity-sum, log-determinant) each have a naive evaluation and a memoised incremental gain
 * accumulated in double; optimizers (naive, lazy, stochastic greedy) are separate from the
 * functions, as in submodlib. Randomness comes only from streams derived from explicit seeds
 * ({@code Seeds}); nothing is printed.
 *
 * <p>May import ND4J and JavaCPP and nothing else outside {@code java.*}: no Quarkus, Jakarta,
 * Hibernate, Kafka, DJL or JSON library (the JSON export has its own small writer). Native arrays
 * never leave this package; its surface takes and returns plain arrays and records.
 */
package dev.milotune.selection;
