/**
 * Samplers decide what configuration a trial tries: random search, grid search, and the
 * Tree-structured Parzen Estimator (Bergstra et al. 2011). Built with {@link dev.milotune.sampling.Samplers}.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Scores are higher-is-better: the orchestrator converts metrics with
 *       {@code Direction.score} before building {@link dev.milotune.sampling.Observation}s. NaN and
 *       {@code -Infinity} (failed trials) count as the worst scores.</li>
 *   <li>A sampler is a pure function of (seed, trial number, history, pending trials): no state
 *       between calls, no global RNG, no clock. Trial n draws from its own stream,
 *       {@code SplittableRandom} seeded with a SplitMix64 mix of (seed, n), so suggestions do not
 *       depend on the order trials are asked for, and a restarted orchestrator rebuilds nothing: it
 *       passes the same history and trials in flight again.</li>
 *   <li>Invalid options are {@link dev.milotune.space.InvalidSpecException}s with fields
 *       {@code sampler.<option>}.</li>
 * </ul>
 *
 * <p>Pure Java: imports only {@code java.*} and {@code dev.milotune.space}.
 */
package dev.milotune.sampling;
