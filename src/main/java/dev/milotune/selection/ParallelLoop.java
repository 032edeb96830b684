package dev.milotune.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the iterations 0 .. count-1 of a loop on a fixed number of threads; each thread takes the
 * next iteration when it is free, which balances uneven work and a shared, busy machine.
 * Iterations must be independent; results do not depend on the thread count or the schedule.
 */
final class ParallelLoop implements AutoCloseable {

    private final int threads;
    private final ExecutorService executor;

    ParallelLoop(int threads) {
        this.threads = threads;
        this.executor = threads > 1 ? Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "milo-selection");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    void run(int count, IntConsumer body) {
        if (executor == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, count); t++) {
            workers.add(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    body.accept(i);
                }
                return null;
            });
        }
        try {
            for (Future<Void> done : executor.invokeAll(workers)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("selection was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
