package dev.milotune.deploy;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.config.Role;
import dev.milotune.messaging.KafkaTopics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application's configuration as its own sources define it: the {@code milotune.*} keys of
 * {@link MilotuneConfig} (by reflection over its {@code @ConfigMapping}, {@code @WithName} and
 * {@code @WithDefault}), the keys of application.properties, and the keys the Java sources read or
 * set by name. Nothing here restates a key by hand.
 */
final class ApplicationConfiguration {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    /**
     * A string literal that is a whole configuration key of Quarkus (set by the app's config source
     * factories) or of its Kafka clients (read by messaging.KafkaLogin).
     */
    private static final Pattern QUARKUS_KEY_LITERAL = Pattern.compile("\"((?:quarkus|kafka)\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+)\"");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private ApplicationConfiguration() {
    }

    /** Every {@code milotune.*} key of MilotuneConfig, with its default (null where it has none). */
    static Map<String, String> milotuneKeys() {
        Map<String, String> keys = new TreeMap<>();
        String prefix = MilotuneConfig.class.getAnnotation(ConfigMapping.class).prefix();
        collect(MilotuneConfig.class, prefix, keys);
        return Collections.unmodifiableMap(keys);
    }

    private static void collect(Class<?> group, String prefix, Map<String, String> keys) {
        for (Method method : group.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + name(method);
            if (isGroup(method.getReturnType())) {
                collect(method.getReturnType(), key, keys);
            } else {
                WithDefault value = method.getAnnotation(WithDefault.class);
                keys.put(key, value == null ? null : value.value());
            }
        }
    }

    private static String name(Method method) {
        WithName name = method.getAnnotation(WithName.class);
        if (name != null) {
            return name.value();
        }
        // SmallRye's default naming for config mappings: camelCase becomes kebab-case.
        return method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("dev.milotune.");
    }

    /** The keys of src/main/resources/application.properties, profile prefixes ({@code %test.}) removed. */
    static Map<String, String> applicationProperties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(RepositoryFiles.read("src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> keys = new TreeMap<>();
        properties.forEach((key, value) -> keys.put(key.toString().replaceFirst("^%[^.]+\\.", ""), value.toString()));
        return keys;
    }

    /** Keys the Java sources read with {@code @ConfigProperty(name = ...)} or set by name (config source factories). */
    static Set<String> keysNamedInSources() {
        Set<String> keys = new TreeSet<>();
        for (String source : RepositoryFiles.mainSources()) {
            for (Pattern pattern : List.of(CONFIG_PROPERTY, QUARKUS_KEY_LITERAL)) {
                Matcher matcher = pattern.matcher(source);
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        return keys;
    }

    /** The environment variable that sets a key (SmallRye: every character other than a letter or digit becomes _). */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * A configuration value as the application would see it with this environment: the environment
     * variable, else application.properties (expressions resolved), else MilotuneConfig's default.
     */
    static String value(String key, Map<String, String> environment) {
        String fromEnvironment = environment.get(environmentName(key));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String property = applicationProperties().get(key);
        if (property != null) {
            return resolve(property, environment);
        }
        return milotuneKeys().get(key);
    }

    private static String resolve(String expression, Map<String, String> environment) {
        Matcher matcher = EXPRESSION.matcher(expression);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = value(matcher.group(1), environment);
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                throw new AssertionError("cannot resolve ${" + matcher.group(1) + "} in " + expression);
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** MilotuneConfig as the application builds it from this environment and its defaults. */
    static MilotuneConfig config(Map<String, String> environment) {
        String prefix = MilotuneConfig.class.getAnnotation(ConfigMapping.class).prefix();
        return (MilotuneConfig) group(MilotuneConfig.class, prefix, environment);
    }

    private static Object group(Class<?> type, String prefix, Map<String, String> environment) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return type.getSimpleName() + "(" + prefix + ")";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            String key = prefix + "." + name(method);
            if (isGroup(method.getReturnType())) {
                return group(method.getReturnType(), key, environment);
            }
            String value = value(key, environment);
            if (method.getReturnType() == java.util.Optional.class) {
                // The only optional settings read here are lists: comma-separated, as SmallRye Config reads them.
                return java.util.Optional.ofNullable(value).map(v -> List.of(v.split(",")));
            }
            if (value == null) {
                throw new AssertionError(key + " has no default and is not set");
            }
            return convert(method.getReturnType(), value, key);
        });
    }

    private static Object convert(Class<?> type, String value, String key) {
        if (type == String.class) {
            return value;
        } else if (type == int.class) {
            return Integer.parseInt(value);
        } else if (type == short.class) {
            return Short.parseShort(value);
        } else if (type == long.class) {
            return Long.parseLong(value);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        } else if (type == Duration.class) {
            return Duration.parse(value);
        } else if (type == Path.class) {
            return Path.of(value);
        } else if (type == Role.class) {
            return Role.parse(value);
        }
        throw new AssertionError(key + ": no conversion to " + type.getName() + " in this test; add one");
    }

    /** The application's own list of topics ({@link KafkaTopics#wanted()}) for this environment. */
    static List<KafkaTopics.TopicSpec> wantedTopics(Map<String, String> environment) {
        try {
            Constructor<KafkaTopics> constructor = KafkaTopics.class.getDeclaredConstructor(MilotuneConfig.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(config(environment), "unused:9092").wanted();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("KafkaTopics can no longer be built from (MilotuneConfig, bootstrap servers): " + e, e);
        }
    }

    /** What the embedded broker lets a worker do ({@code messaging.KafkaAcls.forWorkers}) under this environment's topics. */
    @SuppressWarnings("unchecked")
    static List<org.apache.kafka.common.acl.AclBinding> workerAcls(Map<String, String> environment) {
        try {
            Class<?> acls = Class.forName("dev.milotune.messaging.KafkaAcls");
            java.lang.reflect.Method forWorkers = acls.getDeclaredMethod("forWorkers", MilotuneConfig.Topics.class);
            forWorkers.setAccessible(true);
            return (List<org.apache.kafka.common.acl.AclBinding>) forWorkers.invoke(null, config(environment).topics());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("KafkaAcls.forWorkers(Topics) is gone: " + e, e);
        }
    }
}
