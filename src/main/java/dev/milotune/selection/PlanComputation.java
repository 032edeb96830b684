package dev.milotune.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One pass of MILO pre-processing for a ladder of fractions. Per ground set (class or class
 * partition) the cosine kernel is built once into a buffer reused across ground sets, rescaled in
 * place to the importance kernel for the WRE order, then (rescaled to the shifted cosine where
 * the dense graph-cut memo is the cheaper one) serves every fraction's SGE subsets. One dense
 * kernel is alive at a time. The WRE order comes first so that it does not depend on which
 * fractions share the pass: a ladder's plans equal the plans computed one by one.
 */
final class PlanComputation {

    private PlanComputation() {
    }

    static List<SubsetPlan> ladder(float[][] embeddings, int[] labels, double[] fractions, PlanOptions options, ProgressListener progress) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException("the ladder has no fractions");
        }
        StageClock clock = new StageClock();
        MemoryProbe memory = new MemoryProbe();
        memory.sample();

        clock.start("validate");
        progress.onProgress("validate", 0, 1);
        LabelledEmbeddings input = LabelledEmbeddings.validate(embeddings, labels, options.numClasses(), true);
        int n = input.numItems();
        int[] classSizes = input.classSizes();
        int[][] classBudgets = new int[fractions.length][];
        for (int f = 0; f < fractions.length; f++) {
            classBudgets[f] = Budgets.perClass(classSizes, Budgets.total(n, fractions[f]));
        }
        List<GroundSet> sets = GroundSet.partition(input, options.partitionSize(), options.seed());
        int[][] setBudgets = new int[fractions.length][];
        for (int f = 0; f < fractions.length; f++) {
            setBudgets[f] = GroundSet.budgets(sets, classBudgets[f]);
        }
        progress.onProgress("validate", 1, 1);

        clock.start("hash");
        String embeddingsHash = ContentHash.ofEmbeddings(embeddings);
        String labelsHash = ContentHash.ofLabels(labels);

        clock.start("native");
        KernelBuilder.loadBackend();

        int threads = options.threads();
        int subsets = options.subsets();
        OptimizerSpec.StochasticGreedy sge = new OptimizerSpec.StochasticGreedy(options.epsilon());
        int[][][][] localPicks = new int[fractions.length][sets.size()][][];
        int[][] orderPicks = new int[sets.size()][];
        double[][] orderGains = new double[sets.size()][];
        int largest = sets.stream().mapToInt(GroundSet::size).max().orElse(0);
        float[] kernelBuffer = new float[largest * largest];
        try (ParallelLoop loop = new ParallelLoop(threads)) {
            for (int g = 0; g < sets.size(); g++) {
                GroundSet set = sets.get(g);
                clock.start("kernel");
                int size = set.size();
                int d = input.dimension();
                float[] unitRows = KernelBuilder.normalisedRows(input.gather(set.items()), size, d);
                DenseKernel kernel = KernelBuilder.cosine(unitRows, size, d, kernelBuffer);
                memory.sample();
                progress.onProgress("kernel", g + 1, sets.size());

                clock.start("wre");
                GreedyResult order = inDatasetTerms(set, () -> importanceOrder(kernel, options));
                orderPicks[g] = order.picks();
                orderGains[g] = order.gains();
                progress.onProgress("wre", g + 1, sets.size());

                clock.start("sge");
                SetFunction factored = null;
                SetFunction dense = null;
                for (int f = 0; f < fractions.length; f++) {
                    int budget = setBudgets[f][g];
                    SetFunction graphCut;
                    if (StochasticGreedyExploration.factoredIsCheaper(size, budget, d, sge)) {
                        factored = factored != null ? factored : new FactoredGraphCutFunction(unitRows, size, d, options.lambda());
                        graphCut = factored;
                    } else {
                        if (dense == null) {
                            kernel.rescale(new KernelSpec.ShiftedCosine());
                            dense = new GraphCutFunction(kernel, options.lambda());
                        }
                        graphCut = dense;
                    }
                    localPicks[f][g] = inDatasetTerms(set, () -> StochasticGreedyExploration.subsets(
                            graphCut, budget, subsets, sge, options.seed(), set, loop));
                }
                memory.sample();
                progress.onProgress("sge", (long) (g + 1) * subsets * fractions.length, (long) sets.size() * subsets * fractions.length);
            }
        }

        clock.start("assemble");
        List<List<GreedyOrder>> ordersByFraction = new ArrayList<>();
        List<int[][]> subsetsByFraction = new ArrayList<>();
        for (int f = 0; f < fractions.length; f++) {
            List<GreedyOrder> orders = new ArrayList<>();
            for (int g = 0; g < sets.size(); g++) {
                GroundSet set = sets.get(g);
                orders.add(new GreedyOrder(set.label(), set.partition(), setBudgets[f][g], toDataset(set, orderPicks[g]), orderGains[g]));
            }
            ordersByFraction.add(orders);
            subsetsByFraction.add(assemble(sets, localPicks[f], subsets));
            progress.onProgress("assemble", f + 1, fractions.length);
        }
        double[] probabilities = WeightedRandomExploration.probabilities(n, ordersByFraction.get(0), options.temperature());
        List<StageTiming> timings = clock.timings();
        long budgetsAll = 0;
        for (int[] perClass : classBudgets) {
            budgetsAll += Arrays.stream(perClass).sum();
        }
        long estimate = MemoryProbe.estimate(n, input.dimension(), largest, subsets, budgetsAll, threads);
        List<SubsetPlan> plans = new ArrayList<>();
        for (int f = 0; f < fractions.length; f++) {
            PlanKey key = key(options.withFraction(fractions[f]), embeddingsHash, labelsHash, n, input.dimension());
            PlanProvenance provenance = new PlanProvenance(key, timings, memory.peak(), estimate, ratio(probabilities), threads, sets.size());
            plans.add(new SubsetPlan(provenance, input.classes(), classSizes, classBudgets[f], subsetsByFraction.get(f), ordersByFraction.get(f)));
        }
        return plans;
    }

    static PlanKey key(PlanOptions options, String embeddingsHash, String labelsHash, int numItems, int dimension) {
        return new PlanKey(MiloPlanner.CODE_VERSION, embeddingsHash, labelsHash, options.encoderId(), options.datasetHash(), numItems,
                dimension, options.fraction(), options.seed(), options.subsets(), options.lambda(), options.epsilon(), options.importance(),
                options.temperature(), options.partitionSize());
    }

    /** The full greedy order of the importance function, on the kernel rescaled as that function needs. */
    private static GreedyResult importanceOrder(DenseKernel kernel, PlanOptions options) {
        int n = kernel.n;
        if (options.importance() == ImportanceFunction.DISPARITY_MIN) {
            kernel.rescale(new KernelSpec.MinMaxCosine());
            return new DisparityMinFunction(kernel).fullOrder();
        }
        kernel.rescale(new KernelSpec.ShiftedCosine());
        return options.importance() == ImportanceFunction.GRAPH_CUT
                ? new NaiveGreedy().maximize(new GraphCutFunction(kernel, options.lambda()), n, null)
                : new LazyGreedy().maximize(new FacilityLocationFunction(kernel), n, null);
    }

    /** Runs a ground-set computation, restating a non-finite gain in dataset terms. */
    static <T> T inDatasetTerms(GroundSet set, Supplier<T> computation) {
        try {
            return computation.get();
        } catch (NonFiniteGainException e) {
            int datasetIndex = set.items()[e.item()];
            throw new NonFiniteGainException("gain of dataset item " + datasetIndex + " (class " + set.label() + ", partition "
                    + set.partition() + ") is " + e.gain() + " at step " + e.step() + ": " + e.getMessage(), datasetIndex, e.step(), e.gain());
        }
    }

    static int[] toDataset(GroundSet set, int[] local) {
        int[] out = new int[local.length];
        for (int k = 0; k < local.length; k++) {
            out[k] = set.items()[local[k]];
        }
        return out;
    }

    private static int[][] assemble(List<GroundSet> sets, int[][][] picksBySet, int subsets) {
        int size = 0;
        for (int[][] picks : picksBySet) {
            size += picks[0].length;
        }
        int[][] out = new int[subsets][size];
        for (int s = 0; s < subsets; s++) {
            int at = 0;
            for (int g = 0; g < sets.size(); g++) {
                int[] items = sets.get(g).items();
                for (int local : picksBySet[g][s]) {
                    out[s][at++] = items[local];
                }
            }
            Arrays.sort(out[s]);
        }
        return out;
    }

    private static double ratio(double[] probabilities) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double p : probabilities) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        return max / min;
    }
}
