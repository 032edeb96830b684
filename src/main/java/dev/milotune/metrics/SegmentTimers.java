package dev.milotune.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The per-segment overhead as timers (Prometheus at /q/metrics; {@code milotune run} prints them):
 * from a task's dispatch to its start on a worker, and from a segment's outcome to the next
 * dispatch of the slot it freed. Percentiles over the last hour.
 */
public final class SegmentTimers {

    public static final String DISPATCH_TO_START = "milotune.segment.dispatch.to.start";
    public static final String OUTCOME_TO_DISPATCH = "milotune.segment.outcome.to.dispatch";

    private SegmentTimers() {
    }

    public static Timer dispatchToStart(MeterRegistry meters) {
        return timer(meters, DISPATCH_TO_START, "A task's dispatch by the orchestrator to its start on a worker");
    }

    public static Timer outcomeToDispatch(MeterRegistry meters) {
        return timer(meters, OUTCOME_TO_DISPATCH, "A segment's outcome sent to the next segment dispatched to the freed slot");
    }

    private static Timer timer(MeterRegistry meters, String name, String description) {
        return Timer.builder(name).description(description).publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofHours(1)).distributionStatisticBufferLength(1).register(meters);
    }
}
