/**
 * Search spaces: typed parameter distributions (float uniform / log-uniform with optional step, int
 * optionally log, categorical) and conditional parameters, with validation that names the parameter,
 * the value and the rule.
 *
 * <p>Pure Java: imports only {@code java.*} and {@code dev.milotune.space}.
 */
package dev.milotune.space;
