package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Rules every workload of both overlays keeps: pinned images, requests and limits, non-root and
 * unprivileged containers, selectors that select something, references that resolve.
 */
class WorkloadPolicyTest {

    static final List<String> OVERLAYS = Overlays.ALL;
    static final Set<String> COMPUTE = Set.of("cpu", "memory");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyNamespacedResourceIsInTheNamespace(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        for (ObjectNode resource : manifests.resources()) {
            if (resource.path("kind").asText().equals("Namespace")) {
                assertThat(resource.path("metadata").path("name").asText()).isEqualTo("milotune");
            } else {
                assertThat(resource.path("metadata").path("namespace").asText()).as(Manifests.id(resource)).isEqualTo("milotune");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void imagesArePinnedToATag(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Map<String, Container> containers = manifests.containers();
        assertThat(containers).isNotEmpty();
        containers.forEach((name, container) -> assertPinned(overlay + " " + name, container.getImage()));
        for (GenericKubernetesResource cluster : manifests.custom("Cluster")) {
            assertPinned(overlay + " Cluster/" + cluster.getMetadata().getName(), (String) spec(cluster).get("imageName"));
        }
    }

    static void assertPinned(String where, String image) {
        assertThat(image).as(where + ": image").isNotBlank();
        Kustomize.ImageReference reference = Kustomize.ImageReference.parse(image);
        assertThat(reference.tag() != null || reference.digest() != null).as(where + ": " + image + " names a tag or digest").isTrue();
        assertThat(reference.tag()).as(where + ": " + image).isNotEqualToIgnoringCase("latest");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerSetsRequestsAndLimits(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        manifests.containers().forEach((name, container) -> assertRequestsAndLimits(overlay + " " + name, container.getResources()));
        // Containers that the operators create from our custom resources.
        for (GenericKubernetesResource pool : manifests.custom("KafkaNodePool")) {
            assertRequestsAndLimits(overlay + " KafkaNodePool/" + pool.getMetadata().getName(), resources(spec(pool).get("resources")));
        }
        JsonNode kafka = tree(manifests.customOne("Kafka"));
        assertRequestsAndLimits(overlay + " Kafka topic operator",
                resources(kafka.path("spec").path("entityOperator").path("topicOperator").path("resources")));
        for (GenericKubernetesResource cluster : manifests.custom("Cluster")) {
            assertRequestsAndLimits(overlay + " Cluster/" + cluster.getMetadata().getName(), resources(spec(cluster).get("resources")));
        }
    }

    static void assertRequestsAndLimits(String where, ResourceRequirements resources) {
        assertThat(resources).as(where + ": resources").isNotNull();
        assertThat(resources.getRequests()).as(where + ": requests").containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).as(where + ": limits").containsKeys("cpu", "memory");
        for (String resource : COMPUTE) {
            assertThat(Quantity.getAmountInBytes(resources.getRequests().get(resource)))
                    .as(where + ": " + resource + " request <= limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get(resource)));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerRunsAsNonRootWithoutPrivileges(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        manifests.podTemplates().forEach((owner, template) -> {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            assertThat(pod).as(overlay + " " + owner + ": pod securityContext").isNotNull();
            assertThat(pod.getSeccompProfile().getType()).as(owner + ": seccomp").isEqualTo("RuntimeDefault");
            assertThat(template.getSpec().getAutomountServiceAccountToken()).as(owner + ": no API token").isFalse();
            for (Container container : template.getSpec().getContainers()) {
                String where = overlay + " " + owner + "/" + container.getName();
                SecurityContext own = Objects.requireNonNullElseGet(container.getSecurityContext(), SecurityContext::new);
                Boolean nonRoot = own.getRunAsNonRoot() != null ? own.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
                assertThat(nonRoot).as(where + ": runAsNonRoot").isTrue();
                assertThat(user).as(where + ": runAsUser (numeric, so the kubelet can check it)").isNotNull().isPositive();
                assertThat(own.getAllowPrivilegeEscalation()).as(where + ": allowPrivilegeEscalation").isFalse();
                assertThat(own.getPrivileged()).as(where + ": privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(own.getReadOnlyRootFilesystem()).as(where + ": readOnlyRootFilesystem").isTrue();
                assertThat(own.getCapabilities().getDrop()).as(where + ": capabilities dropped").contains("ALL");
                assertThat(own.getCapabilities().getAdd()).as(where + ": capabilities added").isEmpty();
            }
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void selectorsSelectPods(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        Map<String, PodTemplateSpec> templates = manifests.podTemplates();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            assertThat(matches(deployment.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .as(overlay + " Deployment/" + deployment.getMetadata().getName() + " selects its own pods").isTrue();
        }
        for (Service service : manifests.all(Service.class)) {
            assertThat(selected(templates, new LabelSelector(null, service.getSpec().getSelector())))
                    .as(overlay + " Service/" + service.getMetadata().getName() + " selects one workload").hasSize(1);
        }
        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            assertThat(selected(templates, budget.getSpec().getSelector()))
                    .as(overlay + " PodDisruptionBudget/" + budget.getMetadata().getName() + " selects one workload").hasSize(1)
                    .allSatisfy(owner -> assertThat(owner).startsWith("Deployment/"));
        }
        assertThat(manifests.all(Deployment.class)).allSatisfy(deployment -> assertThat(manifests.all(PodDisruptionBudget.class))
                .as("a PodDisruptionBudget for " + deployment.getMetadata().getName())
                .anyMatch(b -> matches(b.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels())));
        List<String> clusters = manifests.custom("Cluster").stream().map(c -> c.getMetadata().getName()).toList();
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            LabelSelector selector = policy.getSpec().getPodSelector();
            String where = overlay + " NetworkPolicy/" + policy.getMetadata().getName();
            if (selector.getMatchLabels().containsKey("cnpg.io/cluster")) {
                assertThat(clusters).as(where + " selects the pods of a CloudNativePG Cluster").contains(selector.getMatchLabels().get("cnpg.io/cluster"));
            } else if (!selector.getMatchLabels().isEmpty()) {
                assertThat(selected(templates, selector)).as(where + " selects pods").isNotEmpty();
            }
            policy.getSpec().getIngress().forEach(rule -> rule.getFrom().stream()
                    .filter(peer -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
                    .forEach(peer -> {
                        Map<String, String> labels = peer.getPodSelector().getMatchLabels();
                        boolean databasePeer = labels.containsKey("cnpg.io/cluster") && clusters.contains(labels.get("cnpg.io/cluster"));
                        assertThat(databasePeer || !selected(templates, peer.getPodSelector()).isEmpty())
                                .as(where + ": peer " + labels + " selects pods").isTrue();
                    }));
        }
        // Strimzi turns the listener's peers into the Kafka pods' NetworkPolicy: the application's pods must be among them.
        JsonNode listeners = tree(manifests.customOne("Kafka")).path("spec").path("kafka").path("listeners");
        List<LabelSelector> peers = new ArrayList<>();
        listeners.forEach(listener -> listener.path("networkPolicyPeers").forEach(peer -> {
            if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
                peers.add(convert(peer.path("podSelector"), LabelSelector.class));
            }
        }));
        for (Deployment deployment : manifests.all(Deployment.class)) {
            assertThat(peers).as(overlay + ": Kafka admits " + deployment.getMetadata().getName())
                    .anyMatch(peer -> matches(peer, deployment.getSpec().getTemplate().getMetadata().getLabels()));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void referencesResolve(String overlay) {
        Manifests manifests = Overlays.build(overlay);
        List<String> claims = manifests.all(PersistentVolumeClaim.class).stream().map(c -> c.getMetadata().getName()).toList();
        List<String> configMaps = manifests.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList();
        List<String> accounts = manifests.all(ServiceAccount.class).stream().map(a -> a.getMetadata().getName()).toList();
        List<String> operatorSecrets = manifests.custom("Cluster").stream().map(c -> c.getMetadata().getName() + "-app").toList();
        List<String> kafkaUsers = manifests.custom("KafkaUser").stream().map(u -> u.getMetadata().getName()).toList();
        manifests.podTemplates().forEach((owner, template) -> {
            String where = overlay + " " + owner;
            assertThat(accounts).as(where + ": service account").contains(template.getSpec().getServiceAccountName());
            List<String> volumes = template.getSpec().getVolumes().stream().map(Volume::getName).toList();
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getPersistentVolumeClaim() != null) {
                    assertThat(claims).as(where + ": claim of volume " + volume.getName()).contains(volume.getPersistentVolumeClaim().getClaimName());
                }
            }
            for (Container container : template.getSpec().getContainers()) {
                container.getVolumeMounts().forEach(m -> assertThat(volumes).as(where + ": volume " + m.getName()).contains(m.getName()));
                container.getEnvFrom().forEach(e -> assertThat(configMaps).as(where + ": ConfigMap").contains(e.getConfigMapRef().getName()));
                container.getEnv().stream().filter(e -> e.getValueFrom() != null).forEach(e -> {
                    var secret = e.getValueFrom().getSecretKeyRef();
                    assertThat(secret).as(where + ": " + e.getName() + " comes from a secret").isNotNull();
                    if (Boolean.TRUE.equals(secret.getOptional())) {
                        // The operator's own Secret (docs/deploy.md): the orchestrator starts without it.
                        assertThat(secret.getName()).as(where + ": " + e.getName()).isEqualTo("milotune-orchestrator");
                        assertThat(secret.getKey()).as(where + ": " + e.getName()).isIn("admin-token", "segment-key");
                        return;
                    }
                    if (secret.getKey().equals("sasl.jaas.config")) {
                        // Strimzi's user operator writes a KafkaUser's login to a Secret of the user's name.
                        assertThat(kafkaUsers).as(where + ": " + e.getName()).contains(secret.getName());
                        return;
                    }
                    // The other secrets are those CloudNativePG creates for a Cluster's owner (keys username, password).
                    assertThat(operatorSecrets).as(where + ": " + e.getName()).contains(secret.getName());
                    assertThat(secret.getKey()).as(where + ": " + e.getName()).isIn("username", "password");
                });
                List<String> ports = container.getPorts().stream().map(ContainerPort::getName).toList();
                Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())
                        .filter(Objects::nonNull).map(Probe::getHttpGet).filter(Objects::nonNull)
                        .forEach(get -> assertThat(ports).as(where + ": probe port").contains(get.getPort().getStrVal()));
            }
        });
        for (Service service : manifests.all(Service.class)) {
            List<String> selectedPorts = selected(manifests.podTemplates(), new LabelSelector(null, service.getSpec().getSelector())).stream()
                    .flatMap(owner -> manifests.podTemplates().get(owner).getSpec().getContainers().stream())
                    .flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName).toList();
            service.getSpec().getPorts().forEach(port -> assertThat(selectedPorts)
                    .as(overlay + " Service/" + service.getMetadata().getName() + " targetPort").contains(port.getTargetPort().getStrVal()));
        }
        for (GenericKubernetesResource scaler : manifests.custom("ScaledObject")) {
            String target = (String) ((Map<?, ?>) spec(scaler).get("scaleTargetRef")).get("name");
            assertThat(manifests.all(Deployment.class)).as(overlay + ": ScaledObject target " + target)
                    .anyMatch(d -> d.getMetadata().getName().equals(target));
        }
        for (GenericKubernetesResource resource : manifests.all(GenericKubernetesResource.class)) {
            String cluster = resource.getMetadata().getLabels().get("strimzi.io/cluster");
            if (cluster != null) {
                assertThat(manifests.customOne("Kafka").getMetadata().getName()).as(overlay + " " + resource.getKind() + "/"
                        + resource.getMetadata().getName() + ": strimzi.io/cluster").isEqualTo(cluster);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void exactlyOneOrchestratorWhichIsNeverDoubled(String overlay) {
        Deployment orchestrator = Overlays.build(overlay).orchestrator();
        assertThat(orchestrator.getSpec().getReplicas()).as("its schedulers live in memory").isEqualTo(1);
        assertThat(orchestrator.getSpec().getStrategy().getType()).as("the old pod stops before the new one starts").isEqualTo("Recreate");
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("only matchLabels selectors are used here: " + selector);
        }
        Map<String, String> wanted = selector.getMatchLabels();
        return wanted != null && !wanted.isEmpty() && labels != null && labels.entrySet().containsAll(wanted.entrySet());
    }

    static List<String> selected(Map<String, PodTemplateSpec> templates, LabelSelector selector) {
        return templates.entrySet().stream().filter(t -> matches(selector, t.getValue().getMetadata().getLabels())).map(Map.Entry::getKey).toList();
    }

    static Map<String, Object> spec(GenericKubernetesResource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
        return spec;
    }

    static JsonNode tree(GenericKubernetesResource resource) {
        return RepositoryFiles.YAML.valueToTree(resource);
    }

    static ResourceRequirements resources(Object value) {
        return value == null || (value instanceof JsonNode node && node.isMissingNode()) ? null
                : RepositoryFiles.YAML.convertValue(value, ResourceRequirements.class);
    }

    static <T> T convert(JsonNode node, Class<T> type) {
        return RepositoryFiles.YAML.convertValue(node, type);
    }
}
