/**
 * Entry points of the one artifact, chosen by {@link dev.milotune.cli.Main}: the service itself
 * (no arguments), or a command of {@link dev.milotune.cli.MilotuneCommand} (picocli), parsed and
 * checked before anything starts: the offline tools that never boot the service ({@code select}:
 * MILO pre-processing on .npy or CSV embeddings, docs/selection.md; {@code fetch}: the real
 * datasets from pinned packages, docs/data.md), {@code run SPEC.json}
 * ({@link dev.milotune.cli.RunCommand}, then {@link dev.milotune.cli.RunStudy}: the main job, which
 * boots the service and follows one study to its end) and {@code bench} (dev.milotune.bench).
 * Tools may print; the packages they call do not.
 */
package dev.milotune.cli;
