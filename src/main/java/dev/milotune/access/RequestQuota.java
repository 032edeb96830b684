package dev.milotune.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code limit} requests per caller in any window of {@code window} (a sliding log of
 * each caller's recent requests). Pure: the caller passes the time.
 */
public final class RequestQuota {

    private final int limit;
    private final Duration window;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public RequestQuota(int limit, Duration window) {
        if (limit < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a quota needs limit >= 0 and a positive window, not " + limit + " per " + window);
        }
        this.limit = limit;
        this.window = window;
    }

    /**
     * Counts a request of {@code caller} at {@code now}: empty when it is within the quota, else
     * how long until the oldest counted request leaves the window (the request is then not counted).
     */
    public synchronized Optional<Duration> tryAcquire(String caller, Instant now) {
        Deque<Instant> times = recent.computeIfAbsent(caller, k -> new ArrayDeque<>());
        Instant start = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
        if (times.size() >= limit) {
            return Optional.of(times.isEmpty() ? window : Duration.between(start, times.peekFirst()));
        }
        times.addLast(now);
        return Optional.empty();
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }
}
