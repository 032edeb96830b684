package dev.milotune.messaging;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.study.StudySpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the application's topics with explicit settings at start-up, or checks the ones that
 * exist (on a managed cluster a topic operator may own them). Runs before the messaging channels
 * start, and fails the start with the bootstrap address when Kafka cannot be reached.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MilotuneConfig config;
    private final String bootstrapServers;

    KafkaTopics(MilotuneConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /** A topic as the application wants it. */
    public record TopicSpec(String name, int partitions, Map<String, String> settings) {
    }

    void ensure(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        ensure(wanted(), true);
    }

    /**
     * The tasks topic of worker pool {@code pool} (see {@link #trialsTopic}), created when missing;
     * the built-in pool's exists from start-up.
     */
    void ensurePool(String pool) {
        MilotuneConfig.Topics t = config.topics();
        ensure(List.of(new TopicSpec(trialsTopic(t, pool), t.trialsPartitions(), deleteAfter(t.trialsRetention()))), false);
    }

    /** Where the tasks of a worker pool go: {@code milotune.trials} for the built-in pool, {@code milotune.trials.<pool>} for others. */
    static String trialsTopic(MilotuneConfig.Topics t, String pool) {
        return StudySpec.WorkerSpec.BUILTIN.equals(pool) ? t.trialsName() : t.trialsName() + "." + pool;
    }

    private void ensure(List<TopicSpec> wanted, boolean grant) {
        Map<String, Object> settings = new java.util.HashMap<>(KafkaLogin.settings(KafkaPrincipals.ORCHESTRATOR));
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : wanted) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), config.topics().replicationFactor())
                            .configs(spec.settings()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("Created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
            }
            check(admin, wanted.stream().filter(t -> existing.contains(t.name())).toList());
            if (grant && EmbeddedKafka.running().flatMap(EmbeddedKafkaBroker::principals).isPresent()) {
                // Creating an ACL that exists is a no-op: every start grants the same.
                admin.createAcls(KafkaAcls.forWorkers(config.topics())).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka is unreachable at kafka.bootstrap.servers=" + bootstrapServers
                    + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("Kafka is unreachable at kafka.bootstrap.servers=" + bootstrapServers
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
            throw new IllegalStateException("Kafka at kafka.bootstrap.servers=" + bootstrapServers
                    + " refused the topic set-up: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Kafka topics", e);
        }
    }

    /** Every topic of the application, dead-letter topics included, from typed configuration. */
    public List<TopicSpec> wanted() {
        MilotuneConfig.Topics t = config.topics();
        String dlqRetention = String.valueOf(t.deadLetterRetention().toMillis());
        List<TopicSpec> wanted = new ArrayList<>(List.of(
                new TopicSpec(t.trialsName(), t.trialsPartitions(), deleteAfter(t.trialsRetention())),
                new TopicSpec(t.trialsName() + t.deadLetterSuffix(), 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, dlqRetention)),
                new TopicSpec(t.reportsName(), t.reportsPartitions(), deleteAfter(t.reportsRetention())),
                new TopicSpec(t.reportsName() + t.deadLetterSuffix(), 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, dlqRetention)),
                new TopicSpec(t.plansName(), t.plansPartitions(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(t.plansMaxMessageBytes()))),
                new TopicSpec(t.controlName(), t.controlPartitions(), deleteAfter(t.controlRetention())),
                new TopicSpec(t.controlName() + t.deadLetterSuffix(), 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, dlqRetention))));
        for (String pool : t.pools().orElse(List.of())) {
            if (!StudySpec.WorkerSpec.POOL.matcher(pool).matches() || pool.equals("dlq")) {
                throw new IllegalArgumentException("milotune.topics.pools names pool '" + pool + "', but a pool must match "
                        + StudySpec.WorkerSpec.POOL.pattern() + " and not be dlq");
            }
            wanted.add(new TopicSpec(trialsTopic(t, pool), t.trialsPartitions(), deleteAfter(t.trialsRetention())));
        }
        return wanted;
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()));
    }

    /** Existing topics that differ from the wanted settings are reported, not altered. */
    private void check(Admin admin, List<TopicSpec> existing) throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(existing.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(existing.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList())
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (TopicSpec spec : existing) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < spec.partitions()) {
                LOG.warnf("Topic %s has %d partitions, fewer than the configured %d", spec.name(), partitions, spec.partitions());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.settings().forEach((key, value) -> {
                var entry = actual.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    LOG.warnf("Topic %s has %s=%s, but the application wants %s", spec.name(), key,
                            entry == null ? null : entry.value(), value);
                }
            });
        }
    }
}
