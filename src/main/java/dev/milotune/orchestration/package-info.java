/**
 * Application services of the orchestrator: the shell around the pure study machines of
 * {@code machine}. {@link dev.milotune.orchestration.StudyService} is the API's doorway (validate,
 * submit, read, cancel, compare); {@link dev.milotune.orchestration.Conductor} runs the studies
 * (plans first, then each study's machine; worker messages in, decisions stored through the
 * {@link dev.milotune.orchestration.Ledger} in one transaction per batch, then segments sent and
 * events announced; event-driven dispatch with fair share; a lease sweep); the registry of running
 * studies; the worker registry; {@link dev.milotune.orchestration.FetchService} fetches a study's
 * dataset on demand while it plans; {@link dev.milotune.orchestration.PlanService} computes MILO plans
 * once and reuses them (for a registered dataset, from its stored embeddings);
 * {@link dev.milotune.orchestration.DatasetService} registers datasets from the user's own
 * embeddings; {@link dev.milotune.orchestration.StudySpecReader} reads specs strictly.
 * Owns the ports (repositories, {@link dev.milotune.orchestration.TrialDispatch}) that
 * {@code persistence} and {@code messaging} implement.
 *
 * <p>May import the pure packages, {@code machine}, {@code data}, {@code selection}, {@code wire},
 * Jackson, CDI and transactions; never DJL, never Hibernate or Kafka directly (through its ports only).
 */
package dev.milotune.orchestration;
