package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both overlays assemble, and each is what it says: dev on one node with CPU workers, gpu with GPU workers. */
class OverlaysTest {

    static final String GPU = "nvidia.com/gpu";

    @Test
    void bothOverlaysAssembleWithEveryPart() {
        Set<String> common = Set.of("Namespace", "ServiceAccount", "ConfigMap", "PersistentVolumeClaim", "Deployment", "Service",
                "PodDisruptionBudget", "NetworkPolicy", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Job");
        assertThat(kinds(Overlays.build(Overlays.DEV))).containsAll(common).doesNotContain("ScaledObject");
        assertThat(kinds(Overlays.build(Overlays.GPU))).containsAll(common).contains("ScaledObject");
    }

    @Test
    void devRunsOneOfEachOnOneNodeWithCpuWorkers() {
        Manifests dev = Overlays.build(Overlays.DEV);
        Deployment worker = dev.worker();
        assertThat(worker.getSpec().getReplicas()).as("worker replicas (unset means 1)").isIn(null, 1);
        assertThat(dev.orchestrator().getSpec().getReplicas()).isEqualTo(1);
        dev.containers().forEach((name, container) -> assertThat(gpus(container)).as(name + " asks for no GPU").isZero());
        assertThat(Kustomize.ImageReference.parse(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).repository())
                .as("CPU workers use the orchestrator image").isEqualTo("milotune");
        assertThat(worker.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(number(dev.customOne("KafkaNodePool"), "replicas")).isEqualTo(1);
        assertThat(number(dev.customOne("Cluster"), "instances")).isEqualTo(1);
        assertThat(dev.custom("KafkaTopic")).allSatisfy(topic -> assertThat(number(topic, "replicas")).as(topic.getMetadata().getName()).isEqualTo(1));
        assertThat(dev.all(PersistentVolumeClaim.class)).allSatisfy(claim -> assertThat(claim.getSpec().getAccessModes())
                .as("one node: " + claim.getMetadata().getName()).containsExactly("ReadWriteOnce"));
    }

    @Test
    void gpuWorkersRequestAGpuOnGpuNodes() {
        Manifests gpu = Overlays.build(Overlays.GPU);
        PodSpec pod = gpu.worker().getSpec().getTemplate().getSpec();
        Container worker = pod.getContainers().get(0);
        assertThat(gpus(worker)).as("the worker's GPU limit").isGreaterThanOrEqualTo(1);
        Quantity requested = worker.getResources().getRequests().get(GPU);
        assertThat(requested == null || requested.equals(worker.getResources().getLimits().get(GPU)))
                .as("an extended resource's request equals its limit").isTrue();
        assertThat(Kustomize.ImageReference.parse(worker.getImage()).repository()).isEqualTo("milotune-worker-gpu");
        assertThat(pod.getNodeSelector()).as("GPU nodes").isNotEmpty();
        assertThat(pod.getTolerations()).as("the GPU nodes' taint").anyMatch(t -> GPU.equals(t.getKey()));
        Container orchestrator = gpu.orchestrator().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(gpus(orchestrator)).as("the orchestrator asks for no GPU").isZero();
        assertThat(gpu.all(PersistentVolumeClaim.class)).allSatisfy(claim -> assertThat(claim.getSpec().getAccessModes())
                .as("shared across nodes: " + claim.getMetadata().getName()).containsExactly("ReadWriteMany"));
        assertThat(number(gpu.customOne("KafkaNodePool"), "replicas")).isGreaterThanOrEqualTo(3);
        assertThat(number(gpu.customOne("Cluster"), "instances")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theAssemblerRefusesWhatItDoesNotSupport(@TempDir Path dir) throws Exception {
        Path base = RepositoryFiles.path("k8s/base");
        Path overlay = Files.createDirectory(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                commonLabels: {team: ml}
                """.formatted(base));
        assertThatThrownBy(() -> Kustomize.build(RepositoryFiles.root().relativize(overlay).toString()))
                .hasMessageContaining("field 'commonLabels' is not supported");

        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                patches:
                  - target: {kind: Deployment, name: milotune-worker}
                    patch: |
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: milotune-worker}
                      spec: {replicas: 3}
                """.formatted(base));
        assertThatThrownBy(() -> Kustomize.build(RepositoryFiles.root().relativize(overlay).toString()))
                .hasMessageContaining("not strategic-merge patches");

        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                patches:
                  - target: {kind: Deployment, name: milotune-wroker}
                    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 3}]'
                """.formatted(base));
        assertThatThrownBy(() -> Kustomize.build(RepositoryFiles.root().relativize(overlay).toString()))
                .hasMessageContaining("matches no resource");
    }

    static long gpus(Container container) {
        Map<String, Quantity> limits = container.getResources().getLimits();
        Quantity quantity = limits == null ? null : limits.get(GPU);
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).longValueExact();
    }

    static int number(GenericKubernetesResource resource, String field) {
        return ((Number) WorkloadPolicyTest.spec(resource).get(field)).intValue();
    }

    static Set<String> kinds(Manifests manifests) {
        return new TreeSet<>(manifests.resources().stream().map(r -> r.path("kind").asText()).toList());
    }
}
