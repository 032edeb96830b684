/**
 * Schedulers decide when trials start, continue to a higher rung, or stop: none, synchronous SHA,
 * ASHA (Li et al. 2020, the promotion variant) and Hyperband (Li et al. 2018, brackets run with
 * ASHA's rule). Built with {@link dev.milotune.scheduling.Schedulers} from the options records, which
 * implement {@link dev.milotune.scheduling.SchedulerSpec}.
 *
 * <p>The protocol: when a worker slot is free the orchestrator asks
 * {@link dev.milotune.scheduling.Scheduler#next()} and gets a sealed
 * {@link dev.milotune.scheduling.Decision}: Start a new trial to the bottom rung, Promote one to the
 * next rung, Wait, or Done. It reports each finished segment with {@code report} (or {@code fail}
 * once retries are exhausted) and marks PRUNED the trials for which {@code isStopped} turns true.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Scores are higher-is-better: the orchestrator converts metrics with {@code Direction.score}.
 *       NaN ranks last and is never promoted; a failed trial counts in its rung's size with the
 *       worst score and is never promoted.</li>
 *   <li>Parameters carry the papers' symbols: r (min resource), R (max resource), eta (η, reduction
 *       factor), s (min early-stopping rate); rung k trains to r·η^(s+k) while that is below R, and
 *       the last rung to exactly R. The resource is abstract (epochs, or a data-fidelity index).</li>
 *   <li>No I/O, no clock, no randomness: a decision is a function of the facts so far. Every state
 *       change is a {@link dev.milotune.scheduling.Fact}; the orchestrator stores them in order and
 *       {@link dev.milotune.scheduling.Schedulers#restore} rebuilds an equal scheduler after a restart.
 *       A repeated report is ignored, so redelivery is harmless.</li>
 *   <li>Invalid options are {@link dev.milotune.space.InvalidSpecException}s with fields
 *       {@code scheduler.<symbol>} or {@code maxTrials}.</li>
 *   <li>Not thread-safe: one study's scheduler is called by one thread at a time.</li>
 * </ul>
 *
 * <p>Pure Java: imports only {@code java.*} and {@code dev.milotune.space}.
 */
package dev.milotune.scheduling;
