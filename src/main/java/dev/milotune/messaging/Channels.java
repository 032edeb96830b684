package dev.milotune.messaging;

import dev.milotune.config.Role;
import java.util.List;

/**
 * The messaging channels and which role uses each. A channel of a role that is off is disabled,
 * so its Kafka client never starts.
 */
final class Channels {

    static final String REPORTS_OUT = "reports-out";
    static final String REPORTS_IN = "reports-in";

    /** A channel ({@code incoming} or {@code outgoing}) and whether a role runs it. */
    record Use(String direction, String name, boolean orchestrator) {
        boolean enabledFor(Role role) {
            return orchestrator ? role.runsOrchestrator() : role.runsWorker();
        }

        String enabledProperty() {
            return "mp.messaging." + direction + "." + name + ".enabled";
        }
    }

    static final List<Use> ALL = List.of(
            new Use("outgoing", REPORTS_OUT, false),
            new Use("incoming", REPORTS_IN, true));

    private Channels() {
    }
}
