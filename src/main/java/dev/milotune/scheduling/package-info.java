/**
 * Schedulers decide when to stop or promote trials (none, median, SHA, ASHA, Hyperband). Pure
 * state machines: {@code onReport(...)} returns a typed decision and does no I/O.
 *
 * <p>Pure Java: may import {@code study}; no framework.
 */
package dev.milotune.scheduling;
