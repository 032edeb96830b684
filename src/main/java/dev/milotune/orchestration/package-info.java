/**
 * Application services of the orchestrator. {@link dev.milotune.orchestration.StudyService} is the
 * API's doorway (validate, submit, read, cancel, compare); {@link dev.milotune.orchestration.StudyConductor}
 * runs studies (ask the scheduler, sample, dispatch segments, apply reports, prune, retry expired
 * leases, final retrain) with every decision stored as scheduler facts and trials, so a restart
 * rebuilds each study; {@link dev.milotune.orchestration.PlanService} computes MILO plans once and
 * reuses them; {@link dev.milotune.orchestration.StudySpecReader} reads specs strictly. Owns the
 * ports (repositories, {@link dev.milotune.orchestration.TrialDispatch}) that {@code persistence}
 * and {@code messaging} implement.
 *
 * <p>May import the pure packages, {@code data}, {@code selection}, {@code wire}, Jackson, CDI
 * and transactions; never DJL, never Hibernate or Kafka directly (through its ports only).
 */
package dev.milotune.orchestration;
