/**
 * Entry points of the one artifact, chosen by {@link dev.milotune.cli.Main}: the offline tools
 * that run without booting the service ({@code select}: MILO pre-processing on .npy or CSV
 * embeddings, docs/selection.md; {@code fetch}: the real datasets from pinned packages,
 * docs/data.md), {@code run SPEC.json} ({@link dev.milotune.cli.RunStudy}: the main job, which
 * boots the service and follows one study to its end), and the service itself. Tools may print;
 * the packages they call do not.
 */
package dev.milotune.cli;
