/**
 * Domain records of tuning: study, trial, trial states with their explicit transitions, reports and
 * the optimisation direction; the model families with their defaults, bounds and training-memory
 * estimate; {@link dev.milotune.study.LogText}, how user text is written into a log line. Values
 * only; no I/O.
 *
 * <p>Pure Java: imports only {@code java.*}, {@code dev.milotune.space} and {@code dev.milotune.study}.
 */
package dev.milotune.study;
