/**
 * Command-line entry points that run without booting the service, and the main class that
 * chooses between them and the service. {@code select} ({@link dev.milotune.cli.SelectCommand})
 * runs MILO pre-processing on .npy or CSV embeddings and writes subset plans (binary + JSON) or a
 * single greedy selection (docs/selection.md). Tools may print; the packages they call do not.
 */
package dev.milotune.cli;
