package dev.milotune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.milotune.config.Role;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles, checked statically (no Docker engine here, and no Dockerfile linter installs
 * from the registries these machines reach): pinned base images, non-root users, health checks,
 * the port, DJL's settings, the CUDA libtorch that matches DJL's JNI library, the build context.
 */
class DockerfileTest {

    static final String ORCHESTRATOR = "docker/Dockerfile";
    static final String GPU_WORKER = "docker/Dockerfile.worker-gpu";
    static final List<String> DOCKERFILES = List.of(ORCHESTRATOR, GPU_WORKER);
    static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[0-9a-f]{64})?");

    @Test
    void baseImagesArePinned() {
        for (String file : DOCKERFILES) {
            Dockerfile dockerfile = Dockerfile.parse(file);
            List<String> stageNames = dockerfile.stages().stream().map(Dockerfile.Stage::name).toList();
            List<String> images = new ArrayList<>();
            dockerfile.stages().forEach(stage -> {
                images.add(stage.image());
                stage.all("COPY").stream().map(i -> Dockerfile.flags(i.arguments()).get("from"))
                        .filter(from -> from != null && !stageNames.contains(from)).forEach(images::add);
            });
            for (String image : images) {
                String where = file + ": " + image;
                Matcher argument = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(image);
                if (argument.matches()) {
                    // An image chosen by the builder: the ARG has no default, so the build fails unless it is given.
                    assertThat(dockerfile.globalArgs()).as(where + ": a global ARG").containsKey(argument.group(1));
                    assertThat(dockerfile.globalArgs().get(argument.group(1))).as(where + ": no default").isNull();
                    continue;
                }
                assertThat(image).as(where).matches(PINNED);
                Kustomize.ImageReference reference = Kustomize.ImageReference.parse(image);
                assertThat(reference.tag() != null || reference.digest() != null).as(where + ": names a tag").isTrue();
                assertThat(reference.tag()).as(where).isNotEqualToIgnoringCase("latest");
                assertThat(reference.tag()).as(where + ": a full version or a dated build, not a floating tag")
                        .containsPattern("[0-9]+\\.[0-9]+\\.[0-9]+|[0-9]{8}");
            }
        }
    }

    @Test
    void javaVersionIsTheBuildsEverywhere() {
        String release = Pom.read().property("maven.compiler.release");
        Dockerfile orchestrator = Dockerfile.parse(ORCHESTRATOR);
        assertThat(orchestrator.stage("build").orElseThrow().image()).endsWith("-eclipse-temurin-" + release);
        String runtime = orchestrator.finalStage().image();
        assertThat(runtime).startsWith("eclipse-temurin:" + release + ".");
        assertThat(orchestrator.stage("fetch").orElseThrow().all("RUN").get(0).arguments()).contains("openjdk-" + release + "-jre-headless");
        String copiedJava = Dockerfile.parse(GPU_WORKER).finalStage().all("COPY").stream()
                .map(i -> Dockerfile.flags(i.arguments()).get("from")).filter(from -> from != null && from.startsWith("eclipse-temurin:"))
                .findFirst().orElseThrow();
        assertThat(copiedJava).as("both images run the same Java").isEqualTo(runtime);
    }

    @Test
    void shippedImagesRunAsTheNonRootUserOfThePods() {
        PodSecurityContext pod = Overlays.build(Overlays.DEV).orchestrator().getSpec().getTemplate().getSpec().getSecurityContext();
        List<Dockerfile.Stage> shipped = List.of(Dockerfile.parse(ORCHESTRATOR).finalStage(),
                Dockerfile.parse(ORCHESTRATOR).stage("fetch").orElseThrow(), Dockerfile.parse(GPU_WORKER).finalStage());
        for (Dockerfile.Stage stage : shipped) {
            String user = stage.last("USER").orElseThrow(() -> new AssertionError(stage.image() + ": no USER")).arguments();
            assertThat(user).as(stage.image() + ": USER uid:gid, numeric so that runAsNonRoot can be checked").matches("[0-9]+:[0-9]+");
            String[] ids = user.split(":");
            assertThat(Long.parseLong(ids[0])).as(stage.image() + ": not root").isPositive().isEqualTo(pod.getRunAsUser());
            assertThat(Long.parseLong(ids[1])).isEqualTo(pod.getRunAsGroup());
            int userLine = stage.last("USER").orElseThrow().line();
            assertThat(stage.all("RUN")).as(stage.image() + ": nothing runs as root after USER")
                    .allSatisfy(run -> assertThat(run.line()).isLessThan(userLine));
        }
    }

    @Test
    void serviceImagesExposeTheApplicationAndCheckItsHealth() throws IOException {
        Map<String, String> properties = ApplicationConfiguration.applicationProperties();
        String port = properties.getOrDefault("quarkus.http.port", "8080");
        String health = "/" + properties.getOrDefault("quarkus.http.non-application-root-path", "q") + "/"
                + properties.getOrDefault("quarkus.smallrye-health.root-path", "health") + "/";
        for (String file : DOCKERFILES) {
            Dockerfile.Stage stage = Dockerfile.parse(file).finalStage();
            assertThat(stage.all("EXPOSE")).as(file).extracting(Dockerfile.Instruction::arguments).containsExactly(port);
            String check = stage.last("HEALTHCHECK").orElseThrow(() -> new AssertionError(file + ": no HEALTHCHECK")).arguments();
            assertThat(check).as(file + ": HEALTHCHECK").contains("CMD").contains("healthcheck.sh").contains(health);
            JsonNode entrypoint = new ObjectMapper().readTree(stage.last("ENTRYPOINT").orElseThrow().arguments());
            assertThat(entrypoint.isArray()).as(file + ": ENTRYPOINT in exec form, so java gets the signals").isTrue();
            assertThat(entrypoint.toString()).as(file).isEqualTo("[\"java\",\"-jar\",\"/opt/milotune/quarkus-run.jar\"]");
            assertThat(stage.all("COPY").stream().map(Dockerfile.Instruction::arguments).toList())
                    .as(file + ": copies the health check script").anyMatch(a -> a.contains("healthcheck.sh") || a.contains("--from=app"));
        }
    }

    @Test
    void theOrchestratorImageIsThePostgresqlBuildInFastJarLayout() {
        Dockerfile dockerfile = Dockerfile.parse(ORCHESTRATOR);
        Dockerfile.Stage build = dockerfile.stage("build").orElseThrow();
        assertThat(build.args()).as("docs/adr/0001: the database kind is fixed at build time").containsEntry("DB_KIND", "postgresql");
        assertThat(build.last("RUN").orElseThrow().arguments()).contains("mvn").contains(" package ")
                .contains("-Dquarkus.datasource.db-kind=${DB_KIND}");
        for (Dockerfile.Stage stage : List.of(dockerfile.finalStage(), dockerfile.stage("fetch").orElseThrow())) {
            List<String> copied = stage.all("COPY").stream().filter(i -> "build".equals(Dockerfile.flags(i.arguments()).get("from")))
                    .map(i -> Dockerfile.operands(i.arguments()).get(0)).toList();
            assertThat(copied).as(stage.name() + ": the fast-jar's parts").containsExactlyInAnyOrder(
                    "/build/target/quarkus-app/lib/", "/build/target/quarkus-app/*.jar",
                    "/build/target/quarkus-app/app/", "/build/target/quarkus-app/quarkus/");
        }
        assertThat(dockerfile.stage("fetch").orElseThrow().last("ENTRYPOINT").orElseThrow().arguments()).endsWith("\"fetch\"]");
    }

    @Test
    void djlRunsOfflineWithItsCachesUnderTheDataDirInEveryImage() {
        for (String file : DOCKERFILES) {
            Map<String, String> environment = Dockerfile.parse(file).finalStage().environment();
            String dataDir = environment.get(ApplicationConfiguration.environmentName("milotune.data-dir"));
            assertThat(dataDir).as(file + ": MILOTUNE_DATA_DIR").isNotBlank();
            assertThat(environment).as(file).containsEntry("DJL_OFFLINE", "true").containsEntry("OPT_OUT_TRACKING", "true");
            assertThat(Path.of(environment.get("DJL_CACHE_DIR"))).as(file + ": DJL_CACHE_DIR").startsWithRaw(Path.of(dataDir));
            assertThat(Path.of(environment.get("ENGINE_CACHE_DIR"))).as(file + ": ENGINE_CACHE_DIR").startsWithRaw(Path.of(dataDir));
            assertThat(environment.get("JAVA_TOOL_OPTIONS")).as(file).contains("-Dorg.bytedeco.javacpp.cachedir=" + dataDir + "/");
            Role.parse(environment.get("MILOTUNE_ROLE"));
        }
        assertThat(Dockerfile.parse(GPU_WORKER).finalStage().environment()).containsEntry("MILOTUNE_ROLE", "worker");
    }

    @Test
    void theGpuWorkerBringsTheCudaLibtorchThatDjlsJniLibraryWasBuiltFor() {
        Dockerfile.Stage worker = Dockerfile.parse(GPU_WORKER).finalStage();
        Map<String, String> environment = worker.environment();
        String version = Pom.read().property("djl.pytorch.version");
        assertThat(environment).as("DJL checks the version of the libtorch it loads").containsEntry("PYTORCH_VERSION", version);
        String flavor = environment.get("PYTORCH_FLAVOR");
        assertThat(flavor).as("PYTORCH_FLAVOR").matches("cu[0-9]{3}");
        // pytorch-jni (on this classpath, as in the image) must carry the JNI glue of that flavour.
        String jni = "jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
        assertThat(getClass().getClassLoader().getResource(jni)).as(jni + " in pytorch-jni " + version).isNotNull();
        // The base image: that torch version, built for that CUDA (cu128 = CUDA 12.8).
        String cuda = flavor.substring(2, flavor.length() - 1) + "." + flavor.charAt(flavor.length() - 1);
        assertThat(worker.image()).startsWith("pytorch/pytorch:" + version + "-cuda" + cuda + "-");
        assertThat(worker.image()).as("the runtime variant, no compilers").endsWith("-runtime");
        // DJL loads libtorch from there; the build itself checks that the path holds it.
        String library = environment.get("PYTORCH_LIBRARY_PATH");
        assertThat(library).isEqualTo("${TORCH_LIB}");
        String torchLib = worker.args().get("TORCH_LIB");
        assertThat(torchLib).endsWith("/site-packages/torch/lib");
        String check = worker.all("RUN").get(0).arguments();
        assertThat(check).contains("startswith('" + version + "')").contains("startswith('" + cuda + "')")
                .contains("test -f \"${TORCH_LIB}/libtorch.so\"");
    }

    @Test
    void everyEnvironmentVariableOfTheImagesIsKnown() {
        Map<String, String> known = EnvironmentVariables.images();
        for (String file : DOCKERFILES) {
            for (Dockerfile.Stage stage : Dockerfile.parse(file).stages()) {
                assertThat(stage.environment().keySet().stream().filter(name -> !known.containsKey(name)).toList())
                        .as(file + " stage " + stage.name() + ": variables that nothing reads").isEmpty();
            }
        }
    }

    @Test
    void theBuildContextHoldsOnlyWhatTheImagesCopy() {
        List<String> patterns = RepositoryFiles.read(".dockerignore").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(patterns.get(0)).as(".dockerignore starts by excluding everything").isEqualTo("*");
        List<String> included = patterns.stream().filter(p -> p.startsWith("!")).map(p -> p.substring(1).replaceAll("/+$", "")).toList();
        for (String file : DOCKERFILES) {
            for (Dockerfile.Stage stage : Dockerfile.parse(file).stages()) {
                for (Dockerfile.Instruction copy : stage.all("COPY")) {
                    if (Dockerfile.flags(copy.arguments()).containsKey("from")) {
                        continue;
                    }
                    List<String> operands = Dockerfile.operands(copy.arguments());
                    for (String source : operands.subList(0, operands.size() - 1)) {
                        assertThat(included).as(file + ": COPY " + source + " is in the build context")
                                .anyMatch(p -> source.replaceAll("/+$", "").equals(p) || source.startsWith(p + "/"));
                        assertThat(RepositoryFiles.path(source)).as(file + ": COPY " + source).exists();
                    }
                }
            }
        }
        assertThat(included).noneMatch(p -> p.startsWith("target") || p.startsWith(".git") || p.startsWith(".milotune"));
    }

    @Test
    void scriptsAreValidBash() throws Exception {
        for (String script : List.of("docker/build.sh", "docker/healthcheck.sh")) {
            Process bash = new ProcessBuilder("bash", "-n", script).directory(RepositoryFiles.root().toFile())
                    .redirectErrorStream(true).start();
            assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String output;
            try {
                output = new String(bash.getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(bash.exitValue()).as(script + ": " + output).isZero();
            assertThat(RepositoryFiles.path(script)).isExecutable();
        }
    }
}
