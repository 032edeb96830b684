package dev.milotune.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Image;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Selector;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small, strict subset of Kustomize, enough to assemble this repository's overlays without a
 * kustomize binary (none installs from the registries these machines reach). When a {@code kubectl}
 * is on the PATH, {@link KubectlKustomizeAgreementTest} checks that the real one builds the same.
 *
 * <p>Supported, in Kustomize's order for one kustomization: {@code resources} (files and
 * directories with their own kustomization), {@code components} (kind Component: their resources
 * join, then their transformers run over everything accumulated so far), then this
 * kustomization's {@code patches} (JSON 6902 only, from {@code path} or inline {@code patch}, with a
 * {@code target} of group, version, kind, name, namespace matched exactly), {@code namespace} (set on
 * every namespaced resource) and {@code images} ({@code name} matched exactly against the image name
 * of every {@code containers} / {@code initContainers} entry; {@code newName}, {@code newTag},
 * {@code digest}). Anything else in a kustomization, a strategic-merge patch, a patch that matches
 * nothing, or two resources with the same identity fail the build with a message, rather than
 * being ignored.
 */
final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "components", "namespace", "images", "patches");
    private static final Set<String> PATCH_FIELDS = Set.of("path", "patch", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name", "namespace");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "RuntimeClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers");

    private Kustomize() {
    }

    /** Builds the kustomization in a directory of the repository (e.g. {@code k8s/overlays/dev}). */
    static Manifests build(String directory) {
        return new Manifests(build(RepositoryFiles.path(directory).normalize(), "Kustomization"));
    }

    /** The kustomization file of a directory, typed (fabric8's Kustomize model) and checked for support. */
    static Kustomization read(Path directory) {
        Path file = kustomizationFile(directory);
        List<JsonNode> documents = RepositoryFiles.yamlDocuments(file);
        if (documents.size() != 1 || !documents.get(0).isObject()) {
            throw new KustomizeException(file + ": expected one YAML mapping");
        }
        JsonNode raw = documents.get(0);
        raw.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new KustomizeException(file + ": field '" + field + "' is not supported by this assembler (supported: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        });
        for (JsonNode patch : raw.path("patches")) {
            onlyFields(file, "patches[]", patch, PATCH_FIELDS);
            onlyFields(file, "patches[].target", patch.path("target"), TARGET_FIELDS);
        }
        for (JsonNode image : raw.path("images")) {
            onlyFields(file, "images[]", image, IMAGE_FIELDS);
        }
        try {
            return RepositoryFiles.YAML.treeToValue(raw, Kustomization.class);
        } catch (IOException e) {
            throw new KustomizeException(file + ": not a kustomization: " + e.getMessage(), e);
        }
    }

    static Path kustomizationFile(Path directory) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(directory.resolve(name))) {
                return directory.resolve(name);
            }
        }
        throw new KustomizeException(directory + " has no kustomization.yaml");
    }

    private static List<ObjectNode> build(Path directory, String expectedKind) {
        Kustomization kustomization = read(directory);
        if (!expectedKind.equals(kustomization.getKind())) {
            throw new KustomizeException(kustomizationFile(directory) + " is a " + kustomization.getKind() + ", expected a " + expectedKind);
        }
        List<ObjectNode> resources = new ArrayList<>();
        for (String entry : kustomization.getResources()) {
            Path target = directory.resolve(entry).normalize();
            if (Files.isDirectory(target)) {
                addAll(resources, build(target, "Kustomization"), target);
            } else if (Files.isRegularFile(target)) {
                addAll(resources, load(target), target);
            } else {
                throw new KustomizeException(kustomizationFile(directory) + ": resource " + entry + " does not exist");
            }
        }
        for (String entry : kustomization.getComponents()) {
            Path component = directory.resolve(entry).normalize();
            Kustomization spec = read(component);
            if (!"Component".equals(spec.getKind())) {
                throw new KustomizeException(kustomizationFile(component) + " is listed as a component but is a " + spec.getKind());
            }
            for (String file : spec.getResources()) {
                Path target = component.resolve(file).normalize();
                if (!Files.isRegularFile(target)) {
                    throw new KustomizeException(kustomizationFile(component) + ": resource " + file + " is not a file");
                }
                addAll(resources, load(target), target);
            }
            transform(component, spec, resources);
        }
        transform(directory, kustomization, resources);
        return resources;
    }

    private static void transform(Path directory, Kustomization kustomization, List<ObjectNode> resources) {
        for (Patch patch : kustomization.getPatches()) {
            applyPatch(directory, patch, resources);
        }
        if (kustomization.getNamespace() != null) {
            for (ObjectNode resource : resources) {
                setNamespace(resource, kustomization.getNamespace());
            }
        }
        for (Image image : kustomization.getImages()) {
            for (ObjectNode resource : resources) {
                rewriteImages(resource, image);
            }
        }
    }

    private static List<ObjectNode> load(Path file) {
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode document : RepositoryFiles.yamlDocuments(file)) {
            if (!document.isObject() || !document.hasNonNull("kind") || !document.path("metadata").hasNonNull("name")) {
                throw new KustomizeException(file + ": every document must be a resource with kind and metadata.name");
            }
            resources.add((ObjectNode) document);
        }
        return resources;
    }

    private static void addAll(List<ObjectNode> resources, List<ObjectNode> added, Path source) {
        for (ObjectNode resource : added) {
            String id = Manifests.id(resource);
            if (resources.stream().anyMatch(r -> Manifests.id(r).equals(id))) {
                throw new KustomizeException(source + ": resource " + id + " is already defined");
            }
            resources.add(resource);
        }
    }

    private static void applyPatch(Path directory, Patch patch, List<ObjectNode> resources) {
        String where = kustomizationFile(directory) + ": patch " + Objects.requireNonNullElse(patch.getPath(), "(inline)");
        if ((patch.getPath() == null) == (patch.getPatch() == null)) {
            throw new KustomizeException(where + ": give exactly one of path and patch");
        }
        if (patch.getTarget() == null || patch.getTarget().getKind() == null) {
            throw new KustomizeException(where + ": a JSON 6902 patch needs a target with at least a kind");
        }
        JsonNode operations;
        try {
            operations = patch.getPath() != null
                    ? singleDocument(directory.resolve(patch.getPath()).normalize())
                    : RepositoryFiles.YAML.readTree(patch.getPatch());
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot parse", e);
        }
        if (!operations.isArray()) {
            throw new KustomizeException(where + ": only JSON 6902 patches (a list of operations) are supported, not strategic-merge patches");
        }
        int matched = 0;
        for (int i = 0; i < resources.size(); i++) {
            if (matches(patch.getTarget(), resources.get(i))) {
                try {
                    resources.set(i, (ObjectNode) JsonPatch.apply(operations, resources.get(i)));
                } catch (JsonPatchException e) {
                    throw new KustomizeException(where + " does not apply to " + Manifests.id(resources.get(i)) + ": " + e.getMessage(), e);
                }
                matched++;
            }
        }
        if (matched == 0) {
            throw new KustomizeException(where + ": the target " + describe(patch.getTarget()) + " matches no resource");
        }
    }

    private static JsonNode singleDocument(Path file) {
        List<JsonNode> documents = RepositoryFiles.yamlDocuments(file);
        if (documents.size() != 1) {
            throw new KustomizeException(file + ": a patch file holds exactly one YAML document");
        }
        return documents.get(0);
    }

    private static boolean matches(Selector target, ObjectNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        JsonNode metadata = resource.path("metadata");
        return equalOrAny(target.getGroup(), group)
                && equalOrAny(target.getVersion(), version)
                && equalOrAny(target.getKind(), resource.path("kind").asText())
                && equalOrAny(target.getName(), metadata.path("name").asText())
                && equalOrAny(target.getNamespace(), metadata.path("namespace").asText());
    }

    private static boolean equalOrAny(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static String describe(Selector target) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("group", target.getGroup());
        parts.put("version", target.getVersion());
        parts.put("kind", target.getKind());
        parts.put("name", target.getName());
        parts.put("namespace", target.getNamespace());
        parts.values().removeIf(Objects::isNull);
        return parts.toString();
    }

    private static void setNamespace(ObjectNode resource, String namespace) {
        String kind = resource.path("kind").asText();
        if ("Namespace".equals(kind)) {
            if (!namespace.equals(resource.path("metadata").path("name").asText())) {
                throw new KustomizeException("namespace " + namespace + " differs from the Namespace resource "
                        + Manifests.id(resource) + " (renaming it is not supported)");
            }
            return;
        }
        if (!CLUSTER_SCOPED.contains(kind)) {
            ((ObjectNode) resource.path("metadata")).put("namespace", namespace);
        }
    }

    private static void rewriteImages(JsonNode node, Image image) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (CONTAINER_LISTS.contains(field.getKey()) && field.getValue().isArray()) {
                    for (JsonNode container : (ArrayNode) field.getValue()) {
                        if (container.isObject() && container.path("image").isTextual()) {
                            ImageReference reference = ImageReference.parse(container.path("image").asText());
                            if (reference.name().equals(image.getName())) {
                                ((ObjectNode) container).put("image", reference.rewrite(image).toString());
                            }
                        }
                    }
                } else {
                    rewriteImages(field.getValue(), image);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> rewriteImages(element, image));
        }
    }

    private static void onlyFields(Path file, String where, JsonNode node, Set<String> allowed) {
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new KustomizeException(file + ": " + where + "." + field + " is not supported by this assembler");
            }
        });
    }

    /** An image reference: name (with registry and path), optional tag, optional digest. */
    record ImageReference(String name, String tag, String digest) {

        static ImageReference parse(String reference) {
            String rest = reference;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new ImageReference(rest, tag, digest);
        }

        ImageReference rewrite(Image image) {
            return new ImageReference(image.getNewName() != null ? image.getNewName() : name,
                    image.getNewTag() != null ? image.getNewTag() : tag,
                    image.getDigest() != null ? image.getDigest() : digest);
        }

        /** The last path element of the name: what docker/build.sh calls the image. */
        String repository() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
    }

    static final class KustomizeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KustomizeException(String message) {
            super(message);
        }

        KustomizeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
