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
    static final String TRIALS_OUT = "trials-out";
    static final String TRIALS_IN = "trials-in";
    static final String CONTROL_OUT = "control-out";
    static final String CONTROL_IN = "control-in";
    static final String PLANS_OUT = "plans-out";
    static final String REPORTS_DEAD_LETTERS_OUT = "reports-dead-letters-out";

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
            new Use("incoming", REPORTS_IN, true),
            new Use("outgoing", TRIALS_OUT, true),
            new Use("incoming", TRIALS_IN, false),
            new Use("outgoing", CONTROL_OUT, true),
            new Use("incoming", CONTROL_IN, false),
            new Use("outgoing", PLANS_OUT, true),
            new Use("outgoing", REPORTS_DEAD_LETTERS_OUT, true));

    private Channels() {
    }
}
