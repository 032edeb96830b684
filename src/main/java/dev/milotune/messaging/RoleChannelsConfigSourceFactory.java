package dev.milotune.messaging;

import dev.milotune.config.Role;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code milotune.role} into the {@code enabled} flag of every channel, so that a worker pod
 * never consumes reports and an orchestrator never joins the workers' consumer group; and gives the
 * control channel a consumer group of this process's own. Explicit channel settings elsewhere
 * still win (higher ordinal).
 */
public final class RoleChannelsConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 10;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue("milotune.role");
        Role role;
        try {
            role = value == null || value.getValue() == null ? Role.ALL : Role.parse(value.getValue());
        } catch (IllegalArgumentException e) {
            // The typed configuration reports the bad value with its rule; leave every channel on here.
            role = Role.ALL;
        }
        Map<String, String> flags = new HashMap<>();
        for (Channels.Use use : Channels.ALL) {
            flags.put(use.enabledProperty(), String.valueOf(use.enabledFor(role)));
        }
        // Cancels must reach every worker process: a consumer group per process.
        flags.put("mp.messaging.incoming." + Channels.CONTROL_IN + ".group.id",
                "milotune-control-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID());
        return List.of(new MapBackedConfigSource("milotune-role-channels", flags, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
