package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file under k8s/ parses: kustomizations into fabric8's Kustomization model, patches into
 * JSON 6902 operations, manifests into fabric8's typed Kubernetes model (custom resources of the
 * operators as GenericKubernetesResource). Typed objects may hold no field the model does not know
 * (a misspelt field would otherwise be dropped by the API server or silently ignored).
 */
class ManifestParsingTest {

    /** Kubernetes kinds this repository uses, and the model class each must parse into. */
    static final Map<String, Class<? extends KubernetesResource>> TYPED = Map.of(
            "Namespace", Namespace.class,
            "ServiceAccount", ServiceAccount.class,
            "ConfigMap", ConfigMap.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class,
            "Deployment", Deployment.class,
            "Service", Service.class,
            "Job", Job.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "NetworkPolicy", NetworkPolicy.class);

    /** Custom resources, by kind: the API group of the operator that owns them. */
    static final Map<String, String> CUSTOM = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "KafkaUser", "kafka.strimzi.io/v1beta2",
            "TriggerAuthentication", "keda.sh/v1alpha1",
            "Cluster", "postgresql.cnpg.io/v1",
            "ScaledObject", "keda.sh/v1alpha1");

    static final Set<String> JSON_PATCH_OPERATIONS = Set.of("add", "remove", "replace", "move", "copy", "test");

    @Test
    void kustomizationsParseAndUseOnlyWhatTheAssemblerSupports() {
        List<Path> kustomizations = RepositoryFiles.files("k8s", "kustomization.yaml");
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : kustomizations) {
            Kustomization kustomization = Kustomize.read(file.getParent());
            assertThat(kustomization.getKind()).as(file.toString()).isIn("Kustomization", "Component");
        }
    }

    @Test
    void patchesAreJsonPatchOperationLists() {
        for (Path file : patchFiles()) {
            List<JsonNode> documents = RepositoryFiles.yamlDocuments(file);
            assertThat(documents).as(file.toString()).hasSize(1);
            assertThat(documents.get(0).isArray()).as(file + " is a list of JSON 6902 operations").isTrue();
            for (JsonNode operation : documents.get(0)) {
                assertThat(operation.path("op").asText()).as(file + ": op").isIn(JSON_PATCH_OPERATIONS);
                assertThat(operation.path("path").asText()).as(file + ": path").startsWith("/");
            }
        }
    }

    @Test
    void everyManifestParsesIntoTheTypedModel() {
        List<Path> manifests = manifestFiles();
        assertThat(manifests).isNotEmpty();
        Set<String> kinds = new TreeSet<>();
        for (Path file : manifests) {
            for (JsonNode document : RepositoryFiles.yamlDocuments(file)) {
                String where = RepositoryFiles.root().relativize(file) + ": " + Manifests.id(document);
                String kind = document.path("kind").asText();
                kinds.add(kind);
                KubernetesResource typed = Manifests.typed(document);
                if (TYPED.containsKey(kind)) {
                    assertThat(typed).as(where).isInstanceOf(TYPED.get(kind));
                    assertThat(unknownFields(typed)).as(where + ": fields the Kubernetes model does not know").isEmpty();
                } else {
                    assertThat(CUSTOM).as(where + ": a kind this test does not know; add it to TYPED or CUSTOM").containsKey(kind);
                    assertThat(typed).as(where).isInstanceOf(GenericKubernetesResource.class);
                    assertThat(((GenericKubernetesResource) typed).getApiVersion()).as(where).isEqualTo(CUSTOM.get(kind));
                    assertThat(unknownFields(((GenericKubernetesResource) typed).getMetadata())).as(where + ": metadata").isEmpty();
                }
            }
        }
        assertThat(kinds).containsAll(TYPED.keySet()).containsAll(CUSTOM.keySet());
    }

    @Test
    void noSecretValuesAreCommitted() {
        for (Path file : RepositoryFiles.files("k8s", ".yaml")) {
            for (JsonNode document : RepositoryFiles.yamlDocuments(file)) {
                assertThat(document.path("kind").asText()).as(file + ": secrets are referenced, never committed").isNotEqualTo("Secret");
            }
        }
    }

    @Test
    void everyFileUnderK8sIsUsedByAnOverlay() {
        // Overlays are the entry points; whatever they reach, directly or through bases and components, is used.
        Set<Path> used = new TreeSet<>();
        List<Path> pending = new ArrayList<>();
        try (Stream<Path> overlays = Files.list(RepositoryFiles.path("k8s/overlays"))) {
            overlays.forEach(pending::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (!pending.isEmpty()) {
            Path directory = pending.remove(pending.size() - 1);
            if (!used.add(Kustomize.kustomizationFile(directory))) {
                continue;
            }
            Kustomization kustomization = Kustomize.read(directory);
            for (String entry : kustomization.getResources()) {
                Path target = directory.resolve(entry).normalize();
                if (Files.isDirectory(target)) {
                    pending.add(target);
                } else {
                    used.add(target);
                }
            }
            kustomization.getComponents().forEach(c -> pending.add(directory.resolve(c).normalize()));
            kustomization.getPatches().stream().map(Patch::getPath).filter(p -> p != null)
                    .forEach(p -> used.add(directory.resolve(p).normalize()));
        }
        assertThat(RepositoryFiles.files("k8s", "")).allSatisfy(file -> assertThat(used)
                .as("no overlay uses " + RepositoryFiles.root().relativize(file)).contains(file));
    }

    static List<Path> patchFiles() {
        List<Path> patches = new ArrayList<>();
        for (Path file : RepositoryFiles.files("k8s", "kustomization.yaml")) {
            Kustomize.read(file.getParent()).getPatches().stream().map(Patch::getPath).filter(p -> p != null)
                    .forEach(p -> patches.add(file.getParent().resolve(p).normalize()));
        }
        return patches;
    }

    static List<Path> manifestFiles() {
        List<Path> patches = patchFiles();
        return RepositoryFiles.files("k8s", ".yaml").stream()
                .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .filter(p -> !patches.contains(p))
                .toList();
    }

    /** Paths of every field that landed in a model object's additionalProperties (fields the model does not have). */
    static List<String> unknownFields(Object model) {
        List<String> unknown = new ArrayList<>();
        walk(model, "", unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                walk(child, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), unknown, seen);
            }
        }
    }
}
