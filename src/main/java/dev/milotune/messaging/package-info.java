/**
 * Kafka: the embedded KRaft broker for the embedded default, topic administration, and the
 * channels that carry the records of {@code dev.milotune.wire}. Consumers translate and delegate
 * to the ports of {@code orchestration} and {@code worker}; producers implement those ports.
 *
 * <p>May import Kafka, SmallRye Reactive Messaging, {@code wire}, {@code orchestration},
 * {@code worker} (ports only) and the pure packages.
 */
package dev.milotune.messaging;
