package dev.milotune.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sending through an emitter and waiting for the broker's acknowledgement. */
final class Acks {

    private Acks() {
    }

    static <T> void await(Emitter<T> emitter, Message<T> message, Duration timeout) {
        awaitAll(emitter, java.util.List.of(message), timeout);
    }

    /** Sends every message at once, then waits until the broker has acknowledged them all. */
    static <T> void awaitAll(Emitter<T> emitter, java.util.List<Message<T>> messages, Duration timeout) {
        try {
            sendAll(emitter, messages).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not accept the message: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the message within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to Kafka", e);
        }
    }

    /** Sends every message at once; completes when the broker has acknowledged them all, fails with the first refusal. */
    static <T> CompletableFuture<Void> sendAll(Emitter<T> emitter, java.util.List<Message<T>> messages) {
        java.util.List<CompletableFuture<Void>> pending = new java.util.ArrayList<>();
        for (Message<T> message : messages) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            pending.add(acked);
            emitter.send(message
                    .withAck(() -> {
                        acked.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        acked.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
}
