package dev.milotune.data;

import java.util.Locale;

/** Counts finished items, tells the listener after each step and logs the rate every few seconds. */
final class ProgressMeter {

    private static final System.Logger LOG = System.getLogger(ProgressMeter.class.getName());
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String what;
    private final long total;
    private final ProgressListener listener;
    private final long start = System.nanoTime();
    private long lastLog = start;
    private long done;

    ProgressMeter(String what, long total, ProgressListener listener) {
        this.what = what;
        this.total = total;
        this.listener = listener;
    }

    void advance(long items) {
        done += items;
        long now = System.nanoTime();
        double rate = done / Math.max(1e-9, (now - start) / 1e9);
        listener.progress(done, total, rate);
        if (now - lastLog >= LOG_EVERY_NANOS || (done == total && now - start >= LOG_EVERY_NANOS)) {
            lastLog = now;
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s: %d / %d items, %.1f items/s",
                    what, done, total, rate));
        }
    }
}
