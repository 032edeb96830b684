/**
 * Domain records of tuning: study, trial, trial states with their explicit transitions, reports and
 * the optimisation direction. Values only; no I/O.
 *
 * <p>Pure Java: imports only {@code java.*}, {@code dev.milotune.space} and {@code dev.milotune.study}.
 */
package dev.milotune.study;
