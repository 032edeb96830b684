/**
 * The worker role: {@link dev.milotune.worker.TrialRunner} turns a trial segment into trained
 * epochs on the subsets of the study's strategy (MILO's curriculum or a baseline, from
 * {@code selection}), reports every epoch, checkpoints at the end and reports the outcome;
 * heartbeats list the running segments; cancels stop training within a batch. Training
 * ({@link dev.milotune.worker.SegmentTrainer}) is written over DJL NDArrays (PyTorch engine) with
 * seeded initialisation, seeded dropout and optimisers whose state is checkpointed, so a resumed
 * trial equals an uninterrupted one. It reaches Kafka only through its ports
 * ({@link dev.milotune.worker.WorkerEvents}, {@link dev.milotune.worker.PlanSource}).
 *
 * <p>The only package besides {@code data} that may import DJL.
 */
package dev.milotune.worker;
