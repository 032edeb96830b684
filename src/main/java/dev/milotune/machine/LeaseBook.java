package dev.milotune.machine;

import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The leases of segments in flight, kept on the trials themselves (each segment's deadline). A
 * segment sent to the workers waits under the queue lease: a task waiting in Kafka or behind busy
 * slots is not lost (unacknowledged tasks are redelivered), so this only catches a task no worker
 * ever starts. From the worker's first sign of life it runs under the run lease, renewed by every
 * report and heartbeat. A worker still training an earlier attempt of the trial (a task redelivered
 * after a restart waits behind it on the same partition) keeps the current attempt's lease from
 * running out, but never shortens it.
 *
 * @param queueTimeout how long a queued segment may wait for a worker
 * @param runTimeout how long a started segment may go without a sign of life
 */
public record LeaseBook(Duration queueTimeout, Duration runTimeout) {

    public LeaseBook {
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(runTimeout, "runTimeout");
        if (queueTimeout.isNegative() || queueTimeout.isZero() || runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("lease timeouts must be positive, not " + queueTimeout + " and " + runTimeout);
        }
    }

    /** {@code trial} with {@code segment} sent as {@code attempt}, under a fresh queue lease. */
    Trial queue(Trial trial, Trial.Segment segment, int attempt, Instant now) {
        return trial.dispatched(segment.withLease(now.plus(queueTimeout)), attempt, now);
    }

    /** The trial's segment in flight sent again as {@code attempt}: queued, under a fresh queue lease. */
    Trial requeue(Trial trial, int attempt, Instant now) {
        return queue(trial, trial.segment().orElseThrow(), attempt, now);
    }

    /**
     * A worker trains {@code attempt} of the trial and is at {@code epoch}. The current attempt,
     * once it is inside the segment, starts (or renews) the run lease; an earlier attempt only
     * extends the current lease to a run lease from now, if that is later.
     */
    Trial alive(Trial trial, int attempt, int epoch, Instant now) {
        Trial.Segment segment = trial.segment().orElseThrow();
        if (attempt == trial.attempt() && epoch >= segment.epochFrom()) {
            return trial.started(now.plus(runTimeout), now);
        }
        Instant extended = now.plus(runTimeout);
        return segment.leaseExpiresAt().isBefore(extended) ? trial.withLease(extended, now) : trial;
    }

    /** A report of the current attempt: the run lease counts again from now. */
    Trial renew(Trial trial, Instant now) {
        return trial.withLease(now.plus(runTimeout), now);
    }

    /** A fresh lease of the segment's kind, for segments whose deadline was not kept (after a rebuild). */
    Trial refresh(Trial trial, Instant now) {
        Duration timeout = trial.state() == TrialState.QUEUED ? queueTimeout : runTimeout;
        return trial.withLease(now.plus(timeout), trial.updatedAt());
    }

    boolean expired(Trial trial, Instant now) {
        return trial.inFlight() && trial.segment().map(s -> s.leaseExpiresAt().isBefore(now)).orElse(false);
    }

    /** Why an expired segment is retried. */
    String expiryReason(Trial trial) {
        return trial.state() == TrialState.QUEUED
                ? "no worker started it within " + queueTimeout.toSeconds() + " s"
                : "lease expired: no report or heartbeat for " + runTimeout.toSeconds() + " s";
    }
}
