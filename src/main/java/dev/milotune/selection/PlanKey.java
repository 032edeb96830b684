package dev.milotune.selection;

/**
 * Everything that determines a plan's content; its SHA-256 is the plan id (DESIGN.md decision 6).
 * Equal keys give byte-identical selections (subsets, orders, probabilities) on the same ND4J
 * build; timings are not part of the key.
 *
 * @param embeddingsHash SHA-256 of the embeddings ({@link ContentHash#ofEmbeddings})
 * @param labelsHash SHA-256 of the labels ({@link ContentHash#ofLabels})
 */
public record PlanKey(
        String codeVersion,
        String embeddingsHash,
        String labelsHash,
        String encoderId,
        String datasetHash,
        int numItems,
        int dimension,
        double fraction,
        long seed,
        int subsets,
        double lambda,
        double epsilon,
        ImportanceFunction importance,
        double temperature,
        int partitionSize) {

    /** The SGE kernel: MILO's graph-cut kernel. */
    public String sgeKernel() {
        return new KernelSpec.ShiftedCosine().describe();
    }

    public String sgeFunction() {
        return new FunctionSpec.GraphCut(lambda).describe();
    }

    public String sgeOptimizer() {
        return new OptimizerSpec.StochasticGreedy(epsilon).describe();
    }

    /** The WRE function with its parameters and kernel. */
    public String importanceFunction() {
        return switch (importance) {
            case DISPARITY_MIN -> "disparity-min on " + new KernelSpec.MinMaxCosine().describe();
            case GRAPH_CUT -> new FunctionSpec.GraphCut(lambda).describe() + " on " + sgeKernel();
            case FACILITY_LOCATION -> "facility-location on " + sgeKernel();
        };
    }

    /** The canonical text that is hashed into the id; stable across releases of the same code version. */
    public String canonical() {
        return "milotune-subset-plan"
                + "\ncode=" + codeVersion
                + "\nembeddings=" + embeddingsHash
                + "\nlabels=" + labelsHash
                + "\nencoder=" + encoderId
                + "\ndataset=" + datasetHash
                + "\nitems=" + numItems
                + "\ndimension=" + dimension
                + "\nfraction=" + fraction
                + "\nseed=" + seed
                + "\nsge=" + sgeFunction() + " on " + sgeKernel() + " by " + sgeOptimizer() + " x " + subsets
                + "\nimportance=" + importanceFunction() + " taylor-softmax(temperature=" + temperature + ")"
                + "\npartition=" + partitionSize
                + "\n";
    }

    /** Hex SHA-256 of {@link #canonical()}. */
    public String id() {
        return ContentHash.sha256Hex(canonical());
    }
}
