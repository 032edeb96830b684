package dev.milotune.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Resources as built by {@link Kustomize}: raw trees, and typed views (fabric8's model). */
record Manifests(List<ObjectNode> resources) {

    /** Kustomize's identity of a resource: group, kind, namespace, name. */
    static String id(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String namespace = resource.path("metadata").path("namespace").asText("");
        return (group.isEmpty() ? "" : group + "/") + resource.path("kind").asText() + "/"
                + (namespace.isEmpty() ? "" : namespace + "/") + resource.path("metadata").path("name").asText();
    }

    /** The typed object of a resource: a model class for Kubernetes kinds, GenericKubernetesResource for custom ones. */
    static KubernetesResource typed(JsonNode resource) {
        try {
            return RepositoryFiles.YAML.treeToValue(resource, KubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + id(resource) + " as a Kubernetes resource: " + e.getMessage(), e);
        }
    }

    Stream<ObjectNode> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText()));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().map(Manifests::typed).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    GenericKubernetesResource customOne(String kind) {
        List<GenericKubernetesResource> found = custom(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    Deployment orchestrator() {
        return one(Deployment.class, "milotune-orchestrator");
    }

    Deployment worker() {
        return one(Deployment.class, "milotune-worker");
    }

    /** Every pod template: Deployments and Jobs, named by their owner. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new java.util.TreeMap<>();
        all(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(Job.class).forEach(j -> templates.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return templates;
    }

    /** Every container of every pod template, init containers included, named owner/container. */
    Map<String, Container> containers() {
        Map<String, Container> containers = new java.util.TreeMap<>();
        podTemplates().forEach((owner, template) -> {
            PodSpec spec = template.getSpec();
            Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
                    .forEach(c -> containers.put(owner + "/" + c.getName(), c));
        });
        return containers;
    }

    /** The environment a container gets: its ConfigMaps (envFrom) first, then its own env values. */
    Map<String, String> environment(Container container) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        container.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() == null) {
                throw new AssertionError(container.getName() + ": envFrom other than a ConfigMap is not expected");
            }
            environment.putAll(one(ConfigMap.class, source.getConfigMapRef().getName()).getData());
        });
        container.getEnv().forEach(variable -> environment.put(variable.getName(),
                variable.getValue() != null ? variable.getValue() : "<from " + variable.getValueFrom() + ">"));
        return environment;
    }
}
