package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/build.sh, run with --dry-run (it prints the docker commands): the images it builds are
 * the ones the overlays deploy, tagged with the project version, from stages that exist.
 */
class BuildScriptTest {

    record Run(int exitCode, String output) {
    }

    static Run buildScript(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "docker/build.sh", "--dry-run"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(RepositoryFiles.root().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** Image (as tagged by -t) to the docker build command that makes it. */
    static Map<String, List<String>> builds(String output) {
        Map<String, List<String>> builds = new TreeMap<>();
        for (String line : output.lines().toList()) {
            List<String> words = List.of(line.split(" "));
            if (words.size() > 2 && words.get(0).equals("docker") && words.get(1).equals("build")) {
                builds.put(words.get(words.indexOf("-t") + 1), words);
            }
        }
        return builds;
    }

    static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        return at < 0 ? null : command.get(at + 1);
    }

    @Test
    void buildsTheImagesTheOverlaysDeployTaggedWithTheProjectVersion() throws Exception {
        Run run = buildScript();
        assertThat(run.exitCode()).as(run.output()).isZero();
        Map<String, List<String>> builds = builds(run.output());
        String version = Pom.read().version();
        assertThat(builds.keySet()).as("images, by default tagged with the version in pom.xml")
                .containsExactlyInAnyOrder("milotune:" + version, "milotune-fetch:" + version, "milotune-worker-gpu:" + version);

        Set<String> deployed = new TreeSet<>();
        for (String overlay : Overlays.ALL) {
            for (Container container : Overlays.build(overlay).containers().values()) {
                Kustomize.ImageReference image = Kustomize.ImageReference.parse(container.getImage());
                deployed.add(image.repository() + ":" + image.tag());
            }
        }
        assertThat(deployed).as("what the overlays run is what build.sh builds").isEqualTo(builds.keySet());
    }

    @Test
    void everyBuildUsesAnExistingDockerfileStageAndThePostgresqlBuild() throws Exception {
        Map<String, List<String>> builds = builds(buildScript("--registry", "registry.test/ml", "--tag", "1.2.3").output());
        assertThat(builds).containsKeys("registry.test/ml/milotune:1.2.3", "registry.test/ml/milotune-worker-gpu:1.2.3");
        for (Map.Entry<String, List<String>> build : builds.entrySet()) {
            List<String> command = build.getValue();
            Dockerfile dockerfile = Dockerfile.parse(option(command, "-f"));
            assertThat(command.get(command.size() - 1)).as(build.getKey() + ": the context is the repository root").isEqualTo(".");
            String target = option(command, "--target");
            if (target != null) {
                assertThat(dockerfile.stage(target)).as(build.getKey() + ": stage " + target).isPresent();
            }
            List<String> buildArgs = new ArrayList<>();
            for (int i = 0; i < command.size(); i++) {
                if (command.get(i).equals("--build-arg")) {
                    buildArgs.add(command.get(i + 1));
                }
            }
            if (dockerfile.stage("build").isPresent()) {
                assertThat(buildArgs).as(build.getKey() + ": docs/adr/0001").contains("DB_KIND=postgresql");
            }
            dockerfile.globalArgs().forEach((name, defaultValue) -> {
                if (defaultValue == null) {
                    assertThat(buildArgs).as(build.getKey() + ": ARG " + name + " has no default").anyMatch(a -> a.startsWith(name + "="));
                }
            });
        }
        assertThat(option(builds.get("registry.test/ml/milotune-worker-gpu:1.2.3"), "--build-arg"))
                .as("the GPU worker takes the application from the orchestrator image of the same tag")
                .isEqualTo("APP_IMAGE=registry.test/ml/milotune:1.2.3");
        List<String> lines = buildScript("--registry", "registry.test/ml", "--tag", "1.2.3").output().lines().toList();
        assertThat(lines.indexOf(String.join(" ", builds.get("registry.test/ml/milotune:1.2.3"))))
                .as("the orchestrator image is built before the GPU worker that copies from it")
                .isLessThan(lines.indexOf(String.join(" ", builds.get("registry.test/ml/milotune-worker-gpu:1.2.3"))));
    }

    @Test
    void refusesTheLatestTag() throws Exception {
        Run run = buildScript("--tag", "latest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("never latest");
    }
}
