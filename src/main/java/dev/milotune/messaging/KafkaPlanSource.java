package dev.milotune.messaging;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.worker.PlanSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a plan from the compacted plans topic: the partitions are read from the beginning to their
 * current end, and the last record with the plan's key wins. Used once per plan and worker; the
 * worker caches the plan as a file.
 */
@ApplicationScoped
class KafkaPlanSource implements PlanSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;
    private final int maxBytes;

    KafkaPlanSource(MilotuneConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.topic = config.topics().plansName();
        this.maxBytes = config.topics().plansMaxMessageBytes();
    }

    @Override
    public Optional<byte[]> fetch(String planId) {
        Map<String, Object> props = new java.util.HashMap<>(KafkaLogin.settings(KafkaPrincipals.ORCHESTRATOR));
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxBytes,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxBytes));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            byte[] found = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading plan " + planId + " from " + topic + " took longer than " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (planId.equals(record.key())) {
                        found = record.value();
                    }
                }
            }
            return Optional.ofNullable(found);
        }
    }
}
