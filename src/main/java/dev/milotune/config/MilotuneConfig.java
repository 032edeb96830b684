package dev.milotune.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** Typed configuration of milotune, validated at start-up. */
@ConfigMapping(prefix = "milotune")
public interface MilotuneConfig {

    /** all | orchestrator | worker. Components of a role that is off are not started. */
    @WithDefault("all")
    @WithConverter(RoleConverter.class)
    Role role();

    /** Root of everything this process writes: broker log, H2 database, checkpoints, caches. */
    @WithName("data-dir")
    @WithDefault("./.milotune")
    Path dataDir();

    /**
     * This process's identity as a static member of the workers' and the orchestrator's consumer
     * groups, stable across restarts so a restarted process takes its partitions back at once. By
     * default the host name and a hash of the data dir (see RoleChannelsConfigSourceFactory); two
     * live processes on one host with one data dir need distinct values.
     */
    @WithName("instance-id")
    java.util.Optional<String> instanceId();

    @WithName("embedded-kafka")
    EmbeddedKafka embeddedKafka();

    Topics topics();

    Worker worker();

    Orchestrator orchestrator();

    Auth auth();

    /** Who may call the REST API (docs/security.md). */
    interface Auth {
        /** Bearer tokens required on {@code /api/**}; false turns every check off (a single-user laptop). */
        @WithDefault("true")
        boolean enabled();

        /**
         * A fixed admin token (at least 32 characters; e.g. from a Kubernetes Secret). Unset: one is
         * created on first start and written to {@code <data-dir>/admin-token} (mode 600).
         */
        @WithName("admin-token")
        java.util.Optional<String> adminToken();

        /** Studies a member token may have in flight (not ended) at once; admins have no quota. */
        @WithName("max-active-studies")
        @WithDefault("20")
        int maxActiveStudies();

        /**
         * Plan requests ({@code POST /api/v1/plans}) a member token may make in any hour (each may
         * start a plan's computation); admins have no quota. Over it: 429 with Retry-After.
         */
        @WithName("plan-requests-per-hour")
        @WithDefault("30")
        int planRequestsPerHour();

        /** Whether {@code /q/metrics} asks for a token (any role); off so that a Prometheus scrape needs none. */
        @WithName("protect-metrics")
        @WithDefault("false")
        boolean protectMetrics();

        /** Whether {@code /q/openapi} and {@code /q/swagger-ui} ask for a token (any role). */
        @WithName("protect-openapi")
        @WithDefault("false")
        boolean protectOpenapi();

        /** The role of an OIDC user, from the groups (roles) its token carries; on with {@code quarkus.oidc.tenant-enabled}. */
        Oidc oidc();

        /** Which OIDC group names stand for milotune's roles; a user in none of them is refused (403). */
        interface Oidc {
            @WithName("admin-group")
            @WithDefault("milotune-admin")
            String adminGroup();

            @WithName("member-group")
            @WithDefault("milotune-member")
            String memberGroup();

            @WithName("viewer-group")
            @WithDefault("milotune-viewer")
            String viewerGroup();
        }
    }

    Plans plans();

    Datasets datasets();

    /** Datasets registered from the user's own embeddings ({@code POST /api/v1/datasets}, docs/data.md). */
    interface Datasets {
        /**
         * The largest upload, in bytes: the whole multipart request, embeddings and labels together.
         * Uploads are streamed to disk under the data dir, never held in memory. Every other request
         * keeps {@code quarkus.http.limits.max-body-size}.
         */
        @WithName("max-upload-bytes")
        @WithDefault("2147483648")
        long maxUploadBytes();
    }

    interface Orchestrator {
        /**
         * How long a segment a worker has started may go without a sign of life (epoch report or
         * heartbeat) before it is retried. The lease counts from the start on a worker, not from dispatch.
         */
        @WithName("lease-timeout")
        @WithDefault("PT2M")
        Duration leaseTimeout();

        /**
         * How long a dispatched segment may wait for a worker to start it. A task waiting in Kafka or
         * behind a worker's busy slots is not lost (unacknowledged tasks are redelivered), so this only
         * catches a task that never reaches a worker.
         */
        @WithName("queue-timeout")
        @WithDefault("PT30M")
        Duration queueTimeout();

        /** Attempts of one segment before the trial is marked failed. */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();

        /** How often the dispatcher looks for free worker slots and expired leases. */
        @WithDefault("PT0.5S")
        Duration tick();

        /**
         * The key that seals every segment sent to the workers (32 random bytes, created with mode
         * 600 when missing; default {@code <data-dir>/orchestrator/segment.key}). Only the
         * orchestrator may read it: keep it off volumes that workers mount.
         */
        @WithName("segment-key-file")
        java.util.Optional<Path> segmentKeyFile();

        /**
         * The segment key itself, base64 (at least 32 bytes), e.g. from a Kubernetes Secret; when
         * set, no key file is read or created. An orchestrator whose key changes rejects the
         * messages of segments sent before, until they are retried.
         */
        @WithName("segment-key")
        java.util.Optional<String> segmentKey();
    }

    /** MILO subset plans: one per dataset, encoder and fraction, shared by every study. */
    interface Plans {
        /** Seed of the plans (not of the studies), so that every study on a dataset reuses the same plan. */
        @WithDefault("0")
        long seed();

        /** SGE subsets per plan (MILO.md: 300). */
        @WithDefault("300")
        int subsets();
    }

    /**
     * The in-process broker started when no {@code kafka.bootstrap.servers} is configured. Its log
     * lives under {@code <data-dir>/kafka}.
     */
    interface EmbeddedKafka {
        /** Client port of the embedded broker; 0 picks a free port (logged at start). */
        @WithDefault("0")
        int port();
    }

    /** Kafka topics and their explicit settings; created (or checked) at start-up. */
    interface Topics {
        /** Replication factor for every topic: 1 on the embedded broker, 3 on a real cluster. */
        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();

        /** Suffix of each consumed topic's dead-letter topic. */
        @WithName("dead-letter-suffix")
        @WithDefault(".dlq")
        String deadLetterSuffix();

        /**
         * Worker pools whose tasks topics ({@code <trials.name>.<pool>}) are created at start-up, as
         * a cluster's KafkaTopic resources declare them; any other pool's is created when a study
         * first dispatches to it.
         */
        @WithName("pools")
        java.util.Optional<java.util.List<String>> pools();

        /** Trial segments for workers (a consumer group spreads them). */
        @WithDefault("milotune.trials")
        @WithName("trials.name")
        String trialsName();

        @WithDefault("6")
        @WithName("trials.partitions")
        int trialsPartitions();

        @WithDefault("P7D")
        @WithName("trials.retention")
        Duration trialsRetention();

        /** Per-epoch reports, heartbeats and outcomes from workers. */
        @WithDefault("milotune.reports")
        @WithName("reports.name")
        String reportsName();

        @WithDefault("6")
        @WithName("reports.partitions")
        int reportsPartitions();

        @WithDefault("P7D")
        @WithName("reports.retention")
        Duration reportsRetention();

        /** Subset plans, keyed by plan id; compacted, large messages allowed. */
        @WithDefault("milotune.plans")
        @WithName("plans.name")
        String plansName();

        @WithDefault("1")
        @WithName("plans.partitions")
        int plansPartitions();

        /** Largest plan message the topic accepts (max.message.bytes). */
        @WithDefault("33554432")
        @WithName("plans.max-message-bytes")
        int plansMaxMessageBytes();

        /** Cancel messages that every worker reads. */
        @WithDefault("milotune.control")
        @WithName("control.name")
        String controlName();

        @WithDefault("1")
        @WithName("control.partitions")
        int controlPartitions();

        @WithDefault("P1D")
        @WithName("control.retention")
        Duration controlRetention();

        /** How long dead letters are kept for inspection. */
        @WithDefault("P30D")
        @WithName("dead-letter-retention")
        Duration deadLetterRetention();
    }

    interface Worker {
        /** The default of {@link #slots()}; the throughput experiment measures it against one slot. */
        String DEFAULT_SLOTS = "2";

        /** Concurrent trial segments this process trains; advertised in heartbeats. See docs/worker.md for why 2. */
        @WithDefault(DEFAULT_SLOTS)
        int slots();

        /**
         * Intra-op threads of each slot's training; 0 divides the cores between the slots. More
         * threads than cores across the slots make PyTorch's OpenMP teams stall each other.
         */
        @WithName("threads-per-slot")
        @WithDefault("0")
        int threadsPerSlot();

        @WithName("heartbeat-interval")
        @WithDefault("PT5S")
        Duration heartbeatInterval();

        /**
         * Models kept in memory after their segment, so that a promotion routed back to this worker
         * goes on without reading its checkpoint (the checkpoint is written all the same).
         */
        @WithName("warm-models")
        @WithDefault("16")
        int warmModels();
    }

    /** Converts with {@link Role#parse}, so the error names the setting and the allowed values. */
    final class RoleConverter implements Converter<Role> {
        @Override
        public Role convert(String value) {
            return Role.parse(value);
        }
    }
}
