package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Where a kubectl is on the PATH (its {@code kustomize} subcommand is the real Kustomize), the
 * overlays it builds must equal what {@link Kustomize} builds, resource by resource. Skipped
 * where there is no kubectl: no package registry these machines reach ships one. Needs kubectl
 * 1.21 or newer (Kustomize 4+, which knows components).
 */
class KubectlKustomizeAgreementTest {

    static final List<String> OVERLAYS = Overlays.ALL;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void realKustomizeBuildsTheSame(String overlay) throws Exception {
        Path kubectl = kubectl();
        Assumptions.assumeTrue(kubectl != null, "no kubectl on the PATH");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay)
                .directory(RepositoryFiles.root().toFile()).redirectErrorStream(false).start();
        byte[] output = process.getInputStream().readAllBytes();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + overlay + ": " + errors).isZero();

        Path built = Files.createTempFile("kustomize-", ".yaml");
        try {
            Files.write(built, output);
            Map<String, JsonNode> real = byId(RepositoryFiles.yamlDocuments(built));
            Map<String, JsonNode> ours = byId(List.copyOf(Overlays.build(overlay).resources()));
            assertThat(ours.keySet()).as(overlay + ": resources").isEqualTo(real.keySet());
            real.forEach((id, resource) -> assertThat(ours.get(id)).as(overlay + ": " + id).isEqualTo(resource));
        } finally {
            Files.deleteIfExists(built);
        }
    }

    static Map<String, JsonNode> byId(List<? extends JsonNode> resources) {
        Map<String, JsonNode> byId = new TreeMap<>();
        resources.forEach(resource -> byId.put(Manifests.id(resource), resource));
        return byId;
    }

    static Path kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
