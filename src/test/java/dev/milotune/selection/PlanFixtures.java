package dev.milotune.selection;

/** A small labelled data set and plans over it, shared by the plan-level tests. */
final class PlanFixtures {

    static final int D = 16;
    /** Class sizes 200, 150, 150, 100 (labels 0..3), in a seeded random order. */
    static final int[] LABELS = labels();
    static final float[][] EMBEDDINGS = SyntheticEmbeddings.byClass(21, LABELS, D, 5, 0.9);

    private PlanFixtures() {
    }

    static PlanOptions options() {
        return PlanOptions.defaults(42).withSubsets(20).withParallelism(2).withSource("synthetic-16", "fixture-600");
    }

    static SubsetPlan plan(PlanOptions options) {
        return MiloPlanner.plan(EMBEDDINGS, LABELS, options, ProgressListener.NONE);
    }

    private static int[] labels() {
        int[] sizes = {200, 150, 150, 100};
        int[] labels = new int[600];
        int at = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int k = 0; k < sizes[c]; k++) {
                labels[at++] = c;
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }
}
