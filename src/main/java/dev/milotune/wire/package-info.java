/**
 * The wire contract: versioned JSON records exchanged over Kafka (trial tasks, reports,
 * heartbeats, control messages, plans), documented in docs/wire-contract.md. Records and their
 * codec only.
 *
 * <p>May import Jackson and the pure packages; no Kafka, no Quarkus.
 */
package dev.milotune.wire;
