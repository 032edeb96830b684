/**
 * The timers milotune publishes about itself (Micrometer; Prometheus at {@code /q/metrics}): their
 * names and shapes, shared by the orchestrator and the worker that record them and by the command
 * line that prints them. Imports Micrometer only.
 */
package dev.milotune.metrics;
