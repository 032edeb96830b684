package dev.milotune.selection;

import dev.milotune.study.Seeds;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Entry point of MILO pre-processing (Killamsetty et al., "MILO: Model-Agnostic Subset Selection
 * Framework for Efficient Model Training and Tuning", arXiv 2301.13287; spec: MILO.md).
 *
 * <p>{@link #plan} computes one {@link SubsetPlan}; {@link #ladder} computes plans for several
 * fractions in one pass that builds each class kernel once; {@link #select} runs one set function
 * with one optimizer (single-run mode). Inputs are plain arrays; ND4J stays inside. Every random
 * choice comes from {@link PlanOptions#seed()}. Nothing is printed: timings and memory go into the
 * plan's provenance, and one summary line per computation goes to the {@code System.Logger} of
 * this class at INFO.
 */
public final class MiloPlanner {

    /** Bump when a change alters any plan's content: it is part of every plan id. */
    public static final String CODE_VERSION = "milo-selection/1";

    private static final System.Logger LOG = System.getLogger(MiloPlanner.class.getName());

    private MiloPlanner() {
    }

    /**
     * @param embeddings N x d, finite, no all-zero row (rows are L2-normalised here)
     * @param labels N class labels
     */
    public static SubsetPlan plan(float[][] embeddings, int[] labels, PlanOptions options, ProgressListener progress) {
        return ladder(embeddings, labels, new double[] {options.fraction()}, options, progress).get(0);
    }

    /**
     * Plans for each fraction (e.g. 0.01, 0.03, 0.1, 0.3), in the given order, sharing kernels and
     * WRE orders; {@code options.fraction()} is ignored. Each plan equals the one {@link #plan}
     * computes for its fraction, except for the shared timings in provenance.
     */
    public static List<SubsetPlan> ladder(float[][] embeddings, int[] labels, double[] fractions, PlanOptions options,
            ProgressListener progress) {
        List<SubsetPlan> plans = PlanComputation.ladder(embeddings, labels, fractions.clone(), options,
                progress == null ? ProgressListener.NONE : progress);
        PlanProvenance first = plans.get(0).provenance();
        LOG.log(Level.INFO, () -> "MILO plan(s) " + plans.stream().map(SubsetPlan::id).map(id -> id.substring(0, 12)).toList()
                + ": N=" + plans.get(0).numItems() + ", d=" + first.key().dimension() + ", ground sets=" + first.groundSets()
                + ", timings=" + first.timings() + ", peak RSS=" + first.peakResidentBytes() / (1 << 20) + " MiB (estimate of live data "
                + first.estimatedPeakBytes() / (1 << 20) + " MiB), WRE max/min p=" + String.format("%.3f", first.wreProbabilityRatio()));
        return plans;
    }

    /** The key, and so the id, that {@link #plan} would give its plan for these inputs, without computing it. */
    public static PlanKey planKey(float[][] embeddings, int[] labels, PlanOptions options) {
        LabelledEmbeddings input = LabelledEmbeddings.validate(embeddings, labels, options.numClasses(), true);
        return PlanComputation.key(options, ContentHash.ofEmbeddings(embeddings), ContentHash.ofLabels(labels), input.numItems(),
                input.dimension());
    }

    /** Single-run mode: one greedy selection per class (or class partition) with its gains. */
    public static GreedySelection select(float[][] embeddings, int[] labels, SelectionOptions options, ProgressListener progress) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        StageClock clock = new StageClock();
        MemoryProbe memory = new MemoryProbe();
        memory.sample();
        clock.start("validate");
        LabelledEmbeddings input = LabelledEmbeddings.validate(embeddings, labels, options.numClasses(),
                !(options.kernel() instanceof KernelSpec.Dot));
        int[] sizes = input.classSizes();
        int[] budgets = options.budgetPerClass() > 0 ? fixedBudgets(input, options.budgetPerClass())
                : Budgets.perClass(sizes, Budgets.total(input.numItems(), options.fraction()));
        List<GroundSet> sets = GroundSet.partition(input, options.partitionSize(), options.seed());
        int[] setBudgets = GroundSet.budgets(sets, budgets);
        clock.start("hash");
        String embeddingsHash = ContentHash.ofEmbeddings(embeddings);
        String labelsHash = ContentHash.ofLabels(labels);
        Optimizer optimizer = Optimizer.of(options.optimizer());
        List<GreedyOrder> selections = new ArrayList<>();
        for (int g = 0; g < sets.size(); g++) {
            GroundSet set = sets.get(g);
            clock.start("kernel");
            DenseKernel kernel = KernelBuilder.build(input.gather(set.items()), set.size(), input.dimension(), options.kernel());
            memory.sample();
            clock.start("select");
            SetFunction function = SetFunction.of(options.function(), kernel);
            SplittableRandom random = Seeds.stream(options.seed(), Seeds.Stream.SINGLE_RUN, set.label(), set.partition());
            int budget = setBudgets[g];
            GreedyResult result = PlanComputation.inDatasetTerms(set, () -> optimizer.maximize(function, budget, random));
            selections.add(new GreedyOrder(set.label(), set.partition(), budget, PlanComputation.toDataset(set, result.picks()), result.gains()));
            listener.onProgress("select", g + 1, sets.size());
        }
        memory.sample();
        GreedySelection selection = new GreedySelection(options, CODE_VERSION, embeddingsHash, labelsHash, input.numItems(), input.dimension(),
                input.classes(), sizes, budgets, selections, clock.timings(), memory.peak());
        LOG.log(Level.INFO, () -> "greedy selection " + selection + ": timings=" + selection.timings());
        return selection;
    }

    private static int[] fixedBudgets(LabelledEmbeddings input, int budget) {
        int[] budgets = new int[input.classes().length];
        for (int c = 0; c < budgets.length; c++) {
            if (budget > input.members()[c].length) {
                throw new IllegalArgumentException("budget " + budget + " is larger than class " + input.classes()[c] + ", which has "
                        + input.members()[c].length + " items");
            }
            budgets[c] = budget;
        }
        return budgets;
    }
}
