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
 * never consumes reports and an orchestrator never joins the workers' consumer group; gives the
 * control channel a consumer group of this process's own; and makes this process a static member of
 * the workers' and the orchestrator's groups, with an id stable across its restarts (host and data
 * dir), so that a process restarted after a crash takes its partitions back at once instead of
 * waiting for its dead predecessor's session to expire. Two live processes on one host need two
 * data dirs (or {@code milotune.instance-id}). Explicit channel settings elsewhere still win (higher
 * ordinal).
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
        String instance = instanceId(context);
        flags.put("mp.messaging.incoming." + Channels.TRIALS_IN + ".group.instance.id", "milotune-worker-" + instance);
        flags.put("mp.messaging.incoming." + Channels.REPORTS_IN + ".group.instance.id", "milotune-orchestrator-" + instance);
        return List.of(new MapBackedConfigSource("milotune-role-channels", flags, ORDINAL) {
        });
    }

    /** {@code milotune.instance-id} when set, else the host name and a hash of the data dir's absolute path. */
    static String instanceId(ConfigSourceContext context) {
        ConfigValue explicit = context.getValue("milotune.instance-id");
        if (explicit != null && explicit.getValue() != null && !explicit.getValue().isBlank()) {
            return explicit.getValue();
        }
        ConfigValue dataDir = context.getValue("milotune.data-dir");
        String dir = dataDir == null || dataDir.getValue() == null ? "./.milotune" : dataDir.getValue();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        String path = java.nio.file.Path.of(dir).toAbsolutePath().normalize().toString();
        return host + "-" + Integer.toHexString(path.hashCode());
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
