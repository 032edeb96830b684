/**
 * Application services of the orchestrator: ask / report / tell over studies, trial dispatch,
 * leases and retries, and the plan service. Owns the ports (repository and messaging interfaces)
 * that {@code persistence} and {@code messaging} implement.
 *
 * <p>May import the pure packages, {@code data}, CDI and transactions; never DJL, never Hibernate
 * or Kafka directly (through its ports only).
 */
package dev.milotune.orchestration;
