package dev.milotune.scheduling;

/** When a trial within the top ⌊n_k/η⌋ of rung k may be promoted. */
enum Promotion {
    /** Only once rung k is closed: no trial can still arrive there (SHA). */
    SYNCHRONOUS,
    /** As soon as it is within the top ⌊n_k/η⌋ of the trials that reached rung k so far (ASHA). */
    ASYNCHRONOUS
}
