package dev.milotune.data;

/**
 * How a dataset is cut into splits. Validation is carved out of the training data, stratified by
 * class (the MILO reference carves 10%). An official test split is kept as it is; a dataset
 * without one gets {@code testFraction} of its items, stratified, before validation is carved.
 *
 * @param seed seeds every shuffle of the cut; the same seed gives the same splits
 * @param validationFraction share of the training data held out for validation, in (0, 1)
 * @param testFraction share of all items held out for test where the source has no test split, in (0, 1)
 */
public record SplitSpec(long seed, double validationFraction, double testFraction) {

    public SplitSpec {
        requireFraction("validationFraction", validationFraction);
        requireFraction("testFraction", testFraction);
    }

    /** Seed 0, validation 10% of train, test 20% where the source has none. */
    public static SplitSpec defaults() {
        return new SplitSpec(0L, 0.1, 0.2);
    }

    public SplitSpec withSeed(long newSeed) {
        return new SplitSpec(newSeed, validationFraction, testFraction);
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " is " + value + ", but must be > 0 and < 1");
        }
    }
}
