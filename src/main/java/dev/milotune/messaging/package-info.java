/**
 * Kafka: the embedded KRaft broker for the embedded default, topic administration, the channels
 * and the versioned wire contract ({@code dev.milotune.messaging.wire}, documented in docs/).
 *
 * <p>May import Kafka, SmallRye Reactive Messaging, {@code orchestration} (ports) and the pure
 * packages.
 */
package dev.milotune.messaging;
