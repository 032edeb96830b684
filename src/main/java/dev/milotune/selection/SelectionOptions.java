package dev.milotune.selection;

/**
 * A single greedy run (the command line's single-run mode): one function, one optimizer, one
 * kernel, and per-class budgets either by MILO's rule from a fraction or fixed per class.
 *
 * @param kernel null for the function's default kernel
 * @param budgetPerClass 0 to derive budgets from {@code fraction}; k > 0 to take k items of every
 *     class (an error for a class with fewer items)
 * @param numClasses 0, or K to declare labels 0 .. K-1 (see {@link PlanOptions})
 */
public record SelectionOptions(
        FunctionSpec function,
        OptimizerSpec optimizer,
        KernelSpec kernel,
        double fraction,
        int budgetPerClass,
        long seed,
        int partitionSize,
        int numClasses) {

    public SelectionOptions {
        if (function == null) {
            throw new IllegalArgumentException("function is missing");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing");
        }
        kernel = kernel == null ? function.defaultKernel() : kernel;
        Budgets.checkFraction(fraction);
        if (budgetPerClass < 0) {
            throw new IllegalArgumentException("budget per class is " + budgetPerClass + ", but must be >= 1 (or 0: from the fraction)");
        }
        if (partitionSize < 2 || partitionSize > PlanOptions.MAX_PARTITION_SIZE) {
            throw new IllegalArgumentException("partition size is " + partitionSize + ", but must be in [2, " + PlanOptions.MAX_PARTITION_SIZE + "]");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("number of classes is " + numClasses + ", but must be >= 0 (0: from the labels)");
        }
    }

    /** A run of {@code function} with {@code optimizer} on the function's default kernel, budgets from fraction 0.1. */
    public static SelectionOptions of(FunctionSpec function, OptimizerSpec optimizer, long seed) {
        return new SelectionOptions(function, optimizer, null, PlanOptions.DEFAULT_FRACTION, 0, seed, PlanOptions.DEFAULT_PARTITION_SIZE, 0);
    }

    public SelectionOptions withKernel(KernelSpec value) {
        return new SelectionOptions(function, optimizer, value, fraction, budgetPerClass, seed, partitionSize, numClasses);
    }

    public SelectionOptions withFraction(double value) {
        return new SelectionOptions(function, optimizer, kernel, value, budgetPerClass, seed, partitionSize, numClasses);
    }

    public SelectionOptions withBudgetPerClass(int value) {
        return new SelectionOptions(function, optimizer, kernel, fraction, value, seed, partitionSize, numClasses);
    }

    public SelectionOptions withPartitionSize(int value) {
        return new SelectionOptions(function, optimizer, kernel, fraction, budgetPerClass, seed, value, numClasses);
    }

    public SelectionOptions withNumClasses(int value) {
        return new SelectionOptions(function, optimizer, kernel, fraction, budgetPerClass, seed, partitionSize, value);
    }
}
