/**
 * Search spaces: what a study may try.
 *
 * <ul>
 *   <li>{@link dev.milotune.space.Parameter}, sealed: {@link dev.milotune.space.FloatParameter}
 *       (uniform, log-uniform, optionally stepped), {@link dev.milotune.space.IntParameter}
 *       (optionally log), {@link dev.milotune.space.CategoricalParameter}; any of them may carry a
 *       {@link dev.milotune.space.Condition} on an earlier categorical parent, which makes the space a
 *       tree as in Bergstra et al. 2011.</li>
 *   <li>{@link dev.milotune.space.SearchSpace}: validation, activity of conditional parameters,
 *       validation of a configuration, grid size and grid enumeration.</li>
 *   <li>{@link dev.milotune.space.Configuration}: one point (float -> Double, int -> Long, categorical
 *       -> the choice).</li>
 *   <li>{@link dev.milotune.space.InvalidSpecException}: every invalid input to tuning (also sampler
 *       and scheduler options) names the field, the value and the rule:
 *       {@code "searchSpace.lr.low is 0.0, but must be > 0 when log is true"}.</li>
 * </ul>
 *
 * <p>Pure Java: imports only {@code java.*}.
 */
package dev.milotune.space;
