package dev.milotune.selection;

/** What a trial trains on, epoch by epoch; all but FULL use the same budget (MILO.md, "Baselines"). */
public enum SubsetStrategy {
    /** Every item, every epoch. */
    FULL(false),
    /** One uniform subset of B = floor(N * fraction) items, fixed for all epochs; not class-balanced. */
    RANDOM(false),
    /** A fresh uniform subset of B items every R epochs. */
    ADAPTIVE_RANDOM(false),
    /** MILO's curriculum: SGE subsets, then WRE draws ({@link Curriculum}). */
    MILO(true),
    /** SGE subsets for all epochs, one every R epochs in the trial's shuffled order. */
    SGE_ONLY(true),
    /** WRE draws for all epochs, a fresh one every R epochs. */
    WRE_ONLY(true),
    /** The first b_c items of each class's WRE order (per partition, its share), fixed for all epochs. */
    MILO_FIXED(true);

    private final boolean needsPlan;

    SubsetStrategy(boolean needsPlan) {
        this.needsPlan = needsPlan;
    }

    public boolean needsPlan() {
        return needsPlan;
    }

    /** The strategy a task or spec names, e.g. {@code adaptive-random}; empty for an unknown name. */
    public static java.util.Optional<SubsetStrategy> byName(String name) {
        return java.util.Arrays.stream(values()).filter(s -> s.id().equals(name)).findFirst();
    }

    /** The strategy's name on the wire and in specs: lower case, '-' for '_'. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
