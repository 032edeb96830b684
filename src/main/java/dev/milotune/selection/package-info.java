/**
 * MILO subset selection (Killamsetty et al. 2023): per-class similarity kernels, submodular set
 * functions, greedy optimizers, SGE subsets, WRE importance, the curriculum, baselines and the
 * immutable, content-addressed subset plan.
 *
 * <p>May import ND4J and nothing else outside {@code java.*}: no Quarkus, Jakarta, Hibernate,
 * Kafka or DJL. Native arrays never leave this package; its surface takes and returns plain
 * arrays and records.
 */
package dev.milotune.selection;
