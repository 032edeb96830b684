package dev.milotune.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accumulates wall time per named stage, in first-use order. */
final class StageClock {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private String current;
    private long started;

    void start(String stage) {
        stop();
        current = stage;
        started = System.nanoTime();
    }

    void stop() {
        if (current != null) {
            nanos.merge(current, System.nanoTime() - started, Long::sum);
            current = null;
        }
    }

    List<StageTiming> timings() {
        stop();
        List<StageTiming> out = new ArrayList<>();
        nanos.forEach((stage, ns) -> out.add(new StageTiming(stage, Math.round(ns / 1e6))));
        return out;
    }
}
