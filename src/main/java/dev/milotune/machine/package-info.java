/**
 * The study state machine: {@link dev.milotune.machine.StudyMachine} runs one study in memory
 * (phases, scheduler, sampler, trials, leases, retries, the final retrain) and answers each input
 * with {@link dev.milotune.machine.Command commands}: trials to create and save (compare-and-set on
 * their state), reports and scheduler facts to record, segments to queue, events to announce. Its
 * helpers: {@link dev.milotune.machine.LeaseBook} (queue and run leases),
 * {@link dev.milotune.machine.RetryPolicy}, the final retrain's choice and seeds, the sampler's
 * history with trials in flight as pending observations, {@link dev.milotune.machine.StudySetup}
 * (spec to scheduler, sampler, subsets and segments) and the {@link dev.milotune.machine.Leaderboard}.
 *
 * <p>Pure: imports space, study, sampling and scheduling, no framework, no I/O; time and trial ids
 * are passed in. The orchestration package is its shell (registry, ledger, dispatch).
 */
package dev.milotune.machine;
