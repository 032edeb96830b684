/**
 * Datasets (catalogue, loaders, seeded stratified splits, fetch from pinned packages) and the frozen
 * encoders that embed them for selection, with the content-addressed embedding cache.
 *
 * <p>May import DJL and ND4J; no Quarkus, Kafka or Hibernate, so the command line can use it
 * without booting the service.
 */
package dev.milotune.data;
