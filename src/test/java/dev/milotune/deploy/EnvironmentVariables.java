package dev.milotune.deploy;

import io.quarkus.datasource.runtime.DataSourceRuntimeConfig;
import io.quarkus.datasource.runtime.DataSourcesRuntimeConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables a deployment may set, each with where it is read. Configuration keys
 * come from the application's sources ({@link ApplicationConfiguration}); the few variables read
 * by libraries are checked against the library itself (a Quarkus config interface, a DJL class's
 * constant pool), so a rename there fails the test instead of silently leaving a dead variable.
 */
final class EnvironmentVariables {

    private EnvironmentVariables() {
    }

    /** Variables that the application or its libraries read: what manifests may set. */
    static Map<String, String> application() {
        Map<String, String> known = new TreeMap<>();
        ApplicationConfiguration.milotuneKeys().keySet()
                .forEach(key -> known.put(ApplicationConfiguration.environmentName(key), "MilotuneConfig: " + key));
        ApplicationConfiguration.applicationProperties().keySet()
                .forEach(key -> known.putIfAbsent(ApplicationConfiguration.environmentName(key), "application.properties: " + key));
        ApplicationConfiguration.keysNamedInSources()
                .forEach(key -> known.putIfAbsent(ApplicationConfiguration.environmentName(key), "src/main/java: " + key));

        // Datasource credentials: standard Quarkus runtime keys (docs/adr/0001), from its own config interfaces.
        String datasource = DataSourcesRuntimeConfig.class.getAnnotation(ConfigMapping.class).prefix();
        for (String property : new String[] {"username", "password"}) {
            requireMethod(DataSourceRuntimeConfig.class, property);
            String key = datasource + "." + property;
            known.put(ApplicationConfiguration.environmentName(key), "Quarkus " + DataSourceRuntimeConfig.class.getSimpleName() + ": " + key);
        }

        // DJL reads these from the environment (STACK.md: offline, no tracking, caches, and a libtorch of the image's own).
        djl(known, "ai.djl.util.Utils", "DJL_OFFLINE", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR");
        djl(known, "ai.djl.util.Ec2Utils", "OPT_OUT_TRACKING");
        djl(known, "ai.djl.pytorch.jni.LibUtils", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");

        known.put("JAVA_TOOL_OPTIONS", "the JVM: options picked up at start (heap share of the memory limit, JavaCPP cache dir)");
        return Collections.unmodifiableMap(known);
    }

    /** Variables an image may also set for its own plumbing, which the application does not read. */
    static Map<String, String> images() {
        Map<String, String> known = new TreeMap<>(application());
        known.put("JAVA_HOME", "image: where the Java runtime copied into the GPU image lives");
        known.put("PATH", "image: puts that Java runtime's bin/ on the path");
        known.put("npm_config_cache", "npm (reads npm_config_* variables): its cache for `npm pack` in the fetch image");
        return Collections.unmodifiableMap(known);
    }

    private static void requireMethod(Class<?> type, String method) {
        try {
            type.getMethod(method);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type.getName() + " has no " + method + "(): the Quarkus key has changed", e);
        }
    }

    private static void djl(Map<String, String> known, String className, String... variables) {
        String constants;
        try (InputStream in = EnvironmentVariables.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new AssertionError(className + " is not on the test classpath");
            }
            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String variable : variables) {
            if (!constants.contains(variable)) {
                throw new AssertionError(className + " no longer names " + variable + ": DJL does not read it any more");
            }
            known.put(variable, "DJL " + className);
        }
    }
}
