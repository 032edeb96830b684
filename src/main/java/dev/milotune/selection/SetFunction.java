package dev.milotune.selection;

/**
 * A set function f : 2^V -> R over the ground set V = {0, .., n-1} of one kernel, in the style
 * of submodlib: functions are separate from the optimizers that maximise them.
 *
 * <p>Each function has a naive {@link #evaluate(int[])} (from scratch, the test oracle) and a
 * memoised {@link State} whose {@link State#gain(int)} is the marginal gain f(X + x) - f(X) of an
 * item x not in X, in O(1) or O(n) instead of re-evaluating. States are independent, so many
 * optimisations can share one function (and its kernel) across threads.
 */
sealed interface SetFunction
        permits FacilityLocationFunction, GraphCutFunction, FactoredGraphCutFunction, DisparityMinFunction, DisparitySumFunction,
        LogDeterminantFunction {

    /** n, the size of the ground set. */
    int groundSize();

    /** f(X) computed from scratch; f(empty) = 0. Items must be distinct and in range. */
    double evaluate(int[] subset);

    /** A fresh memoised state for X = empty. */
    State newState();

    /** Whether f(X + x) >= f(X) for all X and x, given this function's parameters and kernel. */
    boolean monotone();

    /** Whether gains never increase as X grows (diminishing returns), given parameters and kernel. */
    boolean submodular();

    /** Canonical text with parameters, e.g. {@code graph-cut(lambda=0.4)}. */
    String describe();

    /** The function that {@code spec} names, over {@code kernel}. */
    static SetFunction of(FunctionSpec spec, DenseKernel kernel) {
        if (spec instanceof FunctionSpec.FacilityLocation) {
            return new FacilityLocationFunction(kernel);
        }
        if (spec instanceof FunctionSpec.GraphCut gc) {
            return new GraphCutFunction(kernel, gc.lambda());
        }
        if (spec instanceof FunctionSpec.DisparityMin) {
            return new DisparityMinFunction(kernel);
        }
        if (spec instanceof FunctionSpec.DisparitySum) {
            return new DisparitySumFunction(kernel);
        }
        return new LogDeterminantFunction(kernel, ((FunctionSpec.LogDeterminant) spec).regularization());
    }

    /** Memoised incremental evaluation of one growing set X. Not thread-safe; one per optimisation. */
    interface State {

        /** f(X + x) - f(X) for an item x not in X. */
        double gain(int item);

        /** X := X + item; item must not be in X. */
        void add(int item);

        /** |X|. */
        int size();

        /**
         * Writes gain(i) for every item i into {@code out} (entries of items in X are
         * meaningless). Functions with O(1) gains override it with one tight loop, which keeps a
         * full greedy order over n items at O(n^2) in practice, not only in theory.
         */
        default void gainsInto(double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = gain(i);
            }
        }
    }
}
