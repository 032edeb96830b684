package dev.milotune.persistence;

import dev.milotune.config.Role;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Database defaults derived from other settings; anything configured explicitly wins.
 *
 * <ul>
 *   <li>The embedded default database is an H2 file under the data dir. H2 wants an absolute (or
 *       {@code ./}-prefixed) path, so the URL is derived from the resolved data dir. Every commit is
 *       written to the file at once ({@code WRITE_DELAY=0}): H2 otherwise buffers the last second
 *       of commits, and a killed process lost a study's completion whose reports Kafka had already
 *       been told were consumed (found by SoakIT).</li>
 *   <li>A worker-only process keeps no state in the database: its datasource, Hibernate ORM and
 *       Flyway are inactive, so a worker pod needs no database credentials.</li>
 * </ul>
 */
public final class DatabaseDefaultsConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 10;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Path dir = Path.of(valueOr(context, "milotune.data-dir", "./.milotune"));
        Map<String, String> defaults = new HashMap<>();
        defaults.put("quarkus.datasource.jdbc.url",
                "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("db").resolve("milotune") + ";WRITE_DELAY=0");
        if (!runsOrchestrator(valueOr(context, "milotune.role", "all"))) {
            defaults.put("quarkus.datasource.active", "false");
            defaults.put("quarkus.hibernate-orm.active", "false");
        }
        return List.of(new MapBackedConfigSource("milotune-database-defaults", defaults, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean runsOrchestrator(String role) {
        try {
            return Role.parse(role).runsOrchestrator();
        } catch (IllegalArgumentException e) {
            // The typed configuration rejects the value with its rule; nothing to decide here.
            return true;
        }
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }
}
