/**
 * Samplers decide what configuration to try next (random, grid, TPE). Pure state machines: seeded
 * randomness is passed in, state is rebuilt by replaying finished trials.
 *
 * <p>Pure Java: may import {@code space} and {@code study}; no framework.
 */
package dev.milotune.sampling;
