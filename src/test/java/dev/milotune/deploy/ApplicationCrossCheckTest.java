package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.config.Role;
import dev.milotune.data.DataDirectory;
import dev.milotune.messaging.KafkaTopics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The manifests against the application's real sources: configuration keys, topics, consumer
 * group, health endpoints, port, data directory layout, database settings.
 */
class ApplicationCrossCheckTest {

    static final List<String> OVERLAYS = Overlays.ALL;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyEnvironmentVariableIsAConfigurationKey(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Map<String, String> known = EnvironmentVariables.application();
        Set<String> seen = new TreeSet<>();
        manifests.containers().forEach((name, container) -> {
            Set<String> names = manifests.environment(container).keySet();
            seen.addAll(names);
            assertThat(names.stream().filter(n -> !known.containsKey(n)).toList())
                    .as(overlay + " " + name + ": environment variables that nothing in the application reads").isEmpty();
        });
        assertThat(seen).contains("MILOTUNE_ROLE", "MILOTUNE_DATA_DIR", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rolesAreTheApplicationsRoles(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Role orchestrator = Role.parse(environment(manifests, manifests.orchestrator()).get("MILOTUNE_ROLE"));
        assertThat(orchestrator.runsOrchestrator() && !orchestrator.runsWorker()).as("orchestrator role " + orchestrator).isTrue();
        Map<String, String> worker = environment(manifests, manifests.worker());
        Role role = Role.parse(worker.get("MILOTUNE_ROLE"));
        assertThat(role.runsWorker() && !role.runsOrchestrator()).as("worker role " + role).isTrue();
        // docs/adr/0001: a worker keeps no database state, so it gets no datasource settings or credentials.
        assertThat(worker.keySet()).noneMatch(name -> name.startsWith("QUARKUS_DATASOURCE"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theClustersWorkerMayDoWhatTheEmbeddedBrokersWorkerMay(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Map<String, String> environment = environment(manifests, manifests.worker());
        Set<String> embedded = new TreeSet<>();
        for (var binding : ApplicationConfiguration.workerAcls(environment)) {
            var pattern = binding.pattern();
            embedded.add(String.join(" ", pattern.resourceType().name().toLowerCase(Locale.ROOT), pattern.name(),
                    pattern.patternType() == org.apache.kafka.common.resource.PatternType.PREFIXED ? "prefix" : "literal",
                    binding.entry().operation().name().toLowerCase(Locale.ROOT).replace("_", "")));
        }
        Set<String> declared = new TreeSet<>();
        GenericKubernetesResource user = manifests.custom("KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals("milotune-kafka-worker")).findFirst().orElseThrow();
        Map<?, ?> authorization = (Map<?, ?>) WorkloadPolicyTest.spec(user).get("authorization");
        for (Object item : (List<?>) authorization.get("acls")) {
            Map<?, ?> acl = (Map<?, ?>) item;
            Map<?, ?> resource = (Map<?, ?>) acl.get("resource");
            String type = resource.get("type").toString();
            String name = type.equals("cluster") ? "kafka-cluster" : resource.get("name").toString();
            String pattern = type.equals("cluster") ? "literal" : resource.get("patternType").toString();
            for (Object operation : (List<?>) acl.get("operations")) {
                declared.add(String.join(" ", type, name, pattern, operation.toString().toLowerCase(Locale.ROOT)));
            }
        }
        assertThat(declared).as(overlay + ": KafkaUser milotune-kafka-worker's ACLs = KafkaAcls.forWorkers").isEqualTo(embedded);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kafkaTopicsAreTheApplicationsTopics(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Map<String, String> environment = environment(manifests, manifests.orchestrator());
        Map<String, KafkaTopics.TopicSpec> wanted = ApplicationConfiguration.wantedTopics(environment).stream()
                .collect(Collectors.toMap(KafkaTopics.TopicSpec::name, Function.identity(), (a, b) -> a, TreeMap::new));
        Map<String, KafkaTopics.TopicSpec> declared = new TreeMap<>();
        int replicationFactor = Integer.parseInt(ApplicationConfiguration.value("milotune.topics.replication-factor", environment));
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            Map<String, Object> spec = WorkloadPolicyTest.spec(topic);
            String name = (String) spec.getOrDefault("topicName", topic.getMetadata().getName());
            Map<String, String> config = new TreeMap<>();
            ((Map<?, ?>) spec.get("config")).forEach((key, value) -> config.put(key.toString(), value.toString()));
            declared.put(name, new KafkaTopics.TopicSpec(name, ((Number) spec.get("partitions")).intValue(), config));
            assertThat(((Number) spec.get("replicas")).intValue()).as(overlay + " " + name + ": replicas = milotune.topics.replication-factor")
                    .isEqualTo(replicationFactor);
        }
        assertThat(declared.keySet()).as(overlay + ": topic names").isEqualTo(wanted.keySet());
        wanted.forEach((name, spec) -> {
            assertThat(declared.get(name).partitions()).as(overlay + " " + name + ": partitions").isEqualTo(spec.partitions());
            assertThat(declared.get(name).settings()).as(overlay + " " + name + ": config").isEqualTo(new TreeMap<>(spec.settings()));
        });

        int brokers = ((Number) WorkloadPolicyTest.spec(manifests.customOne("KafkaNodePool")).get("replicas")).intValue();
        Map<?, ?> kafkaConfig = (Map<?, ?>) ((Map<?, ?>) WorkloadPolicyTest.spec(manifests.customOne("Kafka")).get("kafka")).get("config");
        assertThat(replicationFactor).as(overlay + ": replication factor <= brokers").isLessThanOrEqualTo(brokers);
        assertThat(Integer.parseInt(kafkaConfig.get("default.replication.factor").toString())).isEqualTo(replicationFactor);
        int minInSync = Integer.parseInt(kafkaConfig.get("min.insync.replicas").toString());
        assertThat(minInSync).as(overlay + ": min.insync.replicas leaves room for one broker down")
                .isEqualTo(replicationFactor == 1 ? 1 : replicationFactor - 1);
        assertThat(kafkaConfig.get("auto.create.topics.enable").toString()).isEqualTo("false");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void bootstrapServersNameTheStrimziListener(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        GenericKubernetesResource kafka = manifests.customOne("Kafka");
        Map<?, ?> listener = plainListener(kafka);
        String service = kafka.getMetadata().getName() + "-kafka-bootstrap";
        for (Deployment deployment : List.of(manifests.orchestrator(), manifests.worker())) {
            assertThat(environment(manifests, deployment).get(ApplicationConfiguration.environmentName("kafka.bootstrap.servers")))
                    .as(overlay + " " + deployment.getMetadata().getName() + ": Strimzi's bootstrap service")
                    .isEqualTo(service + ":" + listener.get("port"));
        }
        // The application configures no TLS or SASL for Kafka: the listener must be plain.
        assertThat(ApplicationConfiguration.applicationProperties().keySet()).noneMatch(k -> k.contains("security.protocol") || k.contains("sasl."));
        assertThat(listener.get("tls")).isEqualTo(false);
    }

    @Test
    void kedaScalesTheWorkersConsumerGroupWithinThePartitions() {
        Manifests gpu = Overlays.build(Overlays.GPU);
        Map<String, String> environment = environment(gpu, gpu.worker());
        GenericKubernetesResource scaler = gpu.customOne("ScaledObject");
        Map<String, Object> spec = WorkloadPolicyTest.spec(scaler);
        List<?> triggers = (List<?>) spec.get("triggers");
        assertThat(triggers).hasSize(1);
        Map<?, ?> trigger = (Map<?, ?>) triggers.get(0);
        Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
        assertThat(trigger.get("type")).isEqualTo("kafka");

        String trialsTopic = ApplicationConfiguration.value("mp.messaging.incoming.trials-in.topic", environment);
        assertThat(trialsTopic).isEqualTo(ApplicationConfiguration.value("milotune.topics.trials.name", environment));
        assertThat(metadata.get("topic")).as("the topic the workers consume").isEqualTo(trialsTopic);
        assertThat(metadata.get("consumerGroup")).as("the workers' consumer group")
                .isEqualTo(ApplicationConfiguration.value("mp.messaging.incoming.trials-in.group.id", environment));

        GenericKubernetesResource kafka = gpu.customOne("Kafka");
        assertThat(metadata.get("bootstrapServers")).as("KEDA runs in another namespace: the service's full name")
                .isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap." + kafka.getMetadata().getNamespace() + ".svc:"
                        + plainListener(kafka).get("port"));

        int partitions = ApplicationConfiguration.wantedTopics(environment).stream().filter(t -> t.name().equals(trialsTopic))
                .findFirst().orElseThrow().partitions();
        int min = ((Number) spec.get("minReplicaCount")).intValue();
        int max = ((Number) spec.get("maxReplicaCount")).intValue();
        assertThat(min).as("dispatch needs a live worker's free slots, so the lag is 0 with no worker: never scale to zero")
                .isGreaterThanOrEqualTo(1);
        assertThat(max).as("a consumer beyond the partitions of " + trialsTopic + " gets nothing").isBetween(min, partitions);
        int slots = Integer.parseInt(ApplicationConfiguration.value("milotune.worker.slots", environment));
        int lagThreshold = Integer.parseInt(metadata.get("lagThreshold").toString());
        assertThat(lagThreshold).as("the lag counts segments in flight (at most slots a worker): a threshold of " + slots
                + " or more would never scale up").isBetween(1, slots - 1);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void databaseSettingsNameTheCloudNativePgCluster(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        GenericKubernetesResource cluster = manifests.customOne("Cluster");
        Map<?, ?> initdb = (Map<?, ?>) ((Map<?, ?>) WorkloadPolicyTest.spec(cluster).get("bootstrap")).get("initdb");
        Map<String, String> environment = environment(manifests, manifests.orchestrator());
        assertThat(environment.get(ApplicationConfiguration.environmentName("quarkus.datasource.jdbc.url")))
                .isEqualTo("jdbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/" + initdb.get("database"));
        assertThat(environment).containsKeys("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesAndPortsAreTheApplications(String overlay) {
        Pom pom = Pom.read();
        assertThat(pom.dependencies()).as("the health endpoints come from SmallRye Health")
                .contains("io.quarkus:quarkus-smallrye-health", "io.quarkus:quarkus-micrometer-registry-prometheus");
        Map<String, String> properties = ApplicationConfiguration.applicationProperties();
        // Quarkus's defaults, unless application.properties changes them.
        int port = Integer.parseInt(properties.getOrDefault("quarkus.http.port", "8080"));
        String health = "/" + properties.getOrDefault("quarkus.http.non-application-root-path", "q") + "/"
                + properties.getOrDefault("quarkus.smallrye-health.root-path", "health");
        String metrics = properties.get("quarkus.micrometer.export.prometheus.path");

        Manifests manifests = Overlays.build(overlay);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String where = overlay + " " + deployment.getMetadata().getName();
            assertThat(container.getPorts()).as(where).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
            assertThat(path(container.getStartupProbe())).as(where + ": startup").isEqualTo(health + "/"
                    + properties.getOrDefault("quarkus.smallrye-health.startup-path", "started"));
            assertThat(path(container.getReadinessProbe())).as(where + ": readiness").isEqualTo(health + "/"
                    + properties.getOrDefault("quarkus.smallrye-health.readiness-path", "ready"));
            assertThat(path(container.getLivenessProbe())).as(where + ": liveness").isEqualTo(health + "/"
                    + properties.getOrDefault("quarkus.smallrye-health.liveness-path", "live"));
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(where).containsEntry("prometheus.io/path", metrics).containsEntry("prometheus.io/port", String.valueOf(port));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void sharedVolumesAreMountedWhereTheApplicationLooks(String overlay) {
        // plans/ and checkpoints/ are named in the sources (PlanService, TrialRunner), datasets/ and embeddings/ by DataDirectory.
        String sources = String.join("\n", RepositoryFiles.mainSources());
        assertThat(sources).contains("dataDir().resolve(\"plans\")", "dataDir().resolve(\"checkpoints\")");
        Manifests manifests = Overlays.build(overlay);
        for (Deployment deployment : List.of(manifests.orchestrator(), manifests.worker())) {
            String where = overlay + " " + deployment.getMetadata().getName();
            Path dataDir = Path.of(ApplicationConfiguration.value("milotune.data-dir", environment(manifests, deployment)));
            DataDirectory layout = new DataDirectory(dataDir);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Map<String, String> claims = claimsByMountPath(pod);
            assertThat(claims).as(where + ": shared volumes by mount path").containsExactlyInAnyOrderEntriesOf(Map.of(
                    layout.datasets().toString(), "milotune-datasets",
                    layout.embeddings().toString(), "milotune-embeddings",
                    dataDir.resolve("plans").toString(), "milotune-plans",
                    dataDir.resolve("checkpoints").toString(), "milotune-checkpoints"));
            Map<String, VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
                    .collect(Collectors.toMap(VolumeMount::getMountPath, Function.identity()));
            for (String writable : List.of(dataDir.toString(), dataDir.resolve("plans").toString(), dataDir.resolve("checkpoints").toString(),
                    layout.embeddings().toString(), "/tmp")) {
                assertThat(mounts).as(where + ": a writable volume at " + writable + " (the root file system is read-only)").containsKey(writable);
                assertThat(mounts.get(writable).getReadOnly()).as(where + ": " + writable + " writable").isNotEqualTo(Boolean.TRUE);
            }
        }
        Job fetch = manifests.one(Job.class, "milotune-fetch-datasets");
        List<String> args = fetch.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        String fetchDataDir = args.get(args.indexOf("--data-dir") + 1);
        assertThat(claimsByMountPath(fetch.getSpec().getTemplate().getSpec()))
                .as(overlay + ": the fetch job writes <--data-dir>/datasets")
                .containsEntry(new DataDirectory(Path.of(fetchDataDir)).datasets().toString(), "milotune-datasets");
    }

    static Map<String, String> claimsByMountPath(PodSpec pod) {
        Map<String, String> claimByVolume = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .collect(Collectors.toMap(Volume::getName, v -> v.getPersistentVolumeClaim().getClaimName()));
        Map<String, String> claims = new TreeMap<>();
        pod.getContainers().forEach(c -> c.getVolumeMounts().stream().filter(m -> claimByVolume.containsKey(m.getName()))
                .forEach(m -> claims.put(m.getMountPath(), claimByVolume.get(m.getName()))));
        return claims;
    }

    static Map<String, String> environment(Manifests manifests, Deployment deployment) {
        return manifests.environment(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
    }

    static Map<?, ?> plainListener(GenericKubernetesResource kafka) {
        List<?> listeners = (List<?>) ((Map<?, ?>) WorkloadPolicyTest.spec(kafka).get("kafka")).get("listeners");
        Set<String> names = new TreeSet<>();
        for (Object listener : listeners) {
            names.add(((Map<?, ?>) listener).get("name").toString());
            if ("plain".equals(((Map<?, ?>) listener).get("name"))) {
                return (Map<?, ?>) listener;
            }
        }
        throw new AssertionError("no listener named plain among " + names);
    }

    static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }
}
