/**
 * JPA entities and Panache repositories that implement the ports of {@code orchestration}, and the
 * mappers between entities and domain records. Entities never leave this package. The rows the
 * orchestrator writes on every poll (trials, reports, scheduler facts) are written as JDBC batches
 * on the transaction's connection ({@code Jdbc}); everything else goes through the entities.
 *
 * <p>May import Hibernate / Panache, {@code orchestration} (ports) and the pure packages.
 */
package dev.milotune.persistence;
