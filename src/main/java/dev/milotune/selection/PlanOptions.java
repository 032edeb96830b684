package dev.milotune.selection;

/**
 * Parameters of a MILO subset plan (MILO.md steps 2-6), with the paper's symbols:
 *
 * <ul>
 *   <li>{@code fraction}: the subset fraction; budget B = floor(N * fraction). Default 0.1.
 *   <li>{@code subsets}: n_subsets, the number of SGE subsets. Default 300.
 *   <li>{@code lambda}: the graph-cut redundancy weight lambda. Default 0.4.
 *   <li>{@code epsilon}: stochastic greedy's epsilon. Default 0.1.
 *   <li>{@code temperature}: T of the WRE taylor-softmax. Default 1.
 *   <li>{@code importance}: the WRE function. Default disparity-min.
 *   <li>{@code seed}: the seed of every random stream; mandatory.
 *   <li>{@code partitionSize}: classes above this size are split into seeded random partitions
 *       of at most this many items (dense kernel memory is 4 * partitionSize^2 bytes). Default
 *       10,000; at most 46,340.
 *   <li>{@code numClasses}: 0 to take the classes from the labels; K > 0 declares labels
 *       0 .. K-1, and a declared class without items is an error.
 *   <li>{@code parallelism}: threads for the SGE stage; 0 for all available processors. Does not
 *       change the result.
 *   <li>{@code encoderId}, {@code datasetHash}: the caller's names for where the embeddings came
 *       from; recorded in provenance and part of the plan id. May be empty.
 * </ul>
 */
public record PlanOptions(
        double fraction,
        int subsets,
        double lambda,
        double epsilon,
        double temperature,
        ImportanceFunction importance,
        long seed,
        int partitionSize,
        int numClasses,
        int parallelism,
        String encoderId,
        String datasetHash) {

    public static final double DEFAULT_FRACTION = 0.1;
    public static final int DEFAULT_SUBSETS = 300;
    public static final double DEFAULT_LAMBDA = 0.4;
    public static final double DEFAULT_EPSILON = 0.1;
    public static final double DEFAULT_TEMPERATURE = 1.0;
    public static final int DEFAULT_PARTITION_SIZE = 10_000;
    /** The largest n with n * n floats in one Java array. */
    public static final int MAX_PARTITION_SIZE = 46_340;

    public PlanOptions {
        Budgets.checkFraction(fraction);
        if (subsets < 1) {
            throw new IllegalArgumentException("subsets is " + subsets + ", but must be >= 1");
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon is " + epsilon + ", but must be in (0, 1)");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda is " + lambda + ", but must be a finite number >= 0");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + ", but must be a finite number > 0");
        }
        if (importance == null) {
            throw new IllegalArgumentException("importance function is missing");
        }
        if (partitionSize < 2 || partitionSize > MAX_PARTITION_SIZE) {
            throw new IllegalArgumentException("partition size is " + partitionSize + ", but must be in [2, " + MAX_PARTITION_SIZE + "]");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("number of classes is " + numClasses + ", but must be >= 0 (0: from the labels)");
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism is " + parallelism + ", but must be >= 0 (0: all processors)");
        }
        encoderId = encoderId == null ? "" : encoderId;
        datasetHash = datasetHash == null ? "" : datasetHash;
    }

    /** MILO's defaults with an explicit seed. */
    public static PlanOptions defaults(long seed) {
        return new PlanOptions(DEFAULT_FRACTION, DEFAULT_SUBSETS, DEFAULT_LAMBDA, DEFAULT_EPSILON, DEFAULT_TEMPERATURE,
                ImportanceFunction.DISPARITY_MIN, seed, DEFAULT_PARTITION_SIZE, 0, 0, "", "");
    }

    public PlanOptions withFraction(double value) {
        return new PlanOptions(value, subsets, lambda, epsilon, temperature, importance, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withSubsets(int value) {
        return new PlanOptions(fraction, value, lambda, epsilon, temperature, importance, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withLambda(double value) {
        return new PlanOptions(fraction, subsets, value, epsilon, temperature, importance, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withEpsilon(double value) {
        return new PlanOptions(fraction, subsets, lambda, value, temperature, importance, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withTemperature(double value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, value, importance, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withImportance(ImportanceFunction value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, value, seed, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withSeed(long value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, importance, value, partitionSize, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withPartitionSize(int value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, importance, seed, value, numClasses, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withNumClasses(int value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, importance, seed, partitionSize, value, parallelism, encoderId, datasetHash);
    }

    public PlanOptions withParallelism(int value) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, importance, seed, partitionSize, numClasses, value, encoderId, datasetHash);
    }

    public PlanOptions withSource(String encoder, String dataset) {
        return new PlanOptions(fraction, subsets, lambda, epsilon, temperature, importance, seed, partitionSize, numClasses, parallelism, encoder, dataset);
    }

    /** Threads to use: {@code parallelism}, or the available processors when it is 0. */
    int threads() {
        return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    }
}
