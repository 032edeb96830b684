package dev.milotune.space;

import java.util.Optional;

/**
 * One dimension of a search space. A parameter with a {@link Condition} exists in a configuration
 * only when its parent is active and has one of the condition's values (a tree-structured space, as
 * in Bergstra et al. 2011).
 */
public sealed interface Parameter permits FloatParameter, IntParameter, CategoricalParameter {

    String name();

    /** Present: active only when the parent is active and has one of the values. */
    Optional<Condition> condition();

    /** Whether {@code value} is a point of this parameter's domain, of the right type. */
    boolean contains(Object value);

    /** This parameter, active only when {@code parent} has one of {@code values}. */
    Parameter when(String parent, Object... values);
}
