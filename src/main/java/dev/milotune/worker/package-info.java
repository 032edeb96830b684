/**
 * The worker role: consumes trial segments, trains with DJL on the curriculum subsets of a plan,
 * reports every epoch, heartbeats and checkpoints.
 *
 * <p>The only package besides {@code data} that may import DJL.
 */
package dev.milotune.worker;
