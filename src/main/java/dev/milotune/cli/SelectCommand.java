package dev.milotune.cli;

import dev.milotune.data.DataException;
import dev.milotune.data.NpyFile;
import dev.milotune.selection.FunctionSpec;
import dev.milotune.selection.GreedySelection;
import dev.milotune.selection.ImportanceFunction;
import dev.milotune.selection.KernelSpec;
import dev.milotune.selection.MiloPlanner;
import dev.milotune.selection.OptimizerSpec;
import dev.milotune.selection.PlanOptions;
import dev.milotune.selection.ProgressListener;
import dev.milotune.selection.SelectionOptions;
import dev.milotune.selection.StageTiming;
import dev.milotune.selection.SubsetPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milotune select}: MILO pre-processing as a standalone tool (docs/selection.md). Without
 * {@code --function} it computes subset plans (one per fraction) and writes the binary plan and
 * its JSON export; with {@code --function} it runs that one set function with one optimizer per
 * class and writes the selection with its gains as JSON.
 */
@Command(
        name = "select",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "MILO subset selection (Killamsetty et al. 2023) on precomputed embeddings.",
            "Plan mode (default): per-class budgets, SGE subsets (graph cut + stochastic greedy), WRE order and probabilities.",
            "Single-run mode (--function): one greedy selection per class with its gains."
        })
final class SelectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, paramLabel = "FILE",
            description = "N x d embeddings: .npy (float32 or float64) or CSV (one item per line).")
    Path embeddings;

    @Option(names = "--labels", required = true, paramLabel = "FILE",
            description = "N class labels: .npy (integers) or text (one integer per line).")
    Path labels;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Binary subset plan to write (plan mode).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "JSON export to write.")
    Path json;

    @Option(names = "--fraction", split = ",", paramLabel = "F", defaultValue = "0.1",
            description = "Subset fraction(s) in (0, 1]; several (comma-separated) compute a ladder in one pass. Default: ${DEFAULT-VALUE}.")
    double[] fractions;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random stream. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--subsets", defaultValue = "300", description = "Number of SGE subsets. Default: ${DEFAULT-VALUE}.")
    int subsets;

    @Option(names = "--lambda", defaultValue = "0.4", description = "Graph-cut lambda. Default: ${DEFAULT-VALUE}.")
    double lambda;

    @Option(names = "--epsilon", defaultValue = "0.1", description = "Stochastic-greedy epsilon. Default: ${DEFAULT-VALUE}.")
    double epsilon;

    @Option(names = "--temperature", defaultValue = "1.0", description = "WRE taylor-softmax temperature. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--importance", defaultValue = "disparity-min",
            description = "WRE function: disparity-min, graph-cut or facility-location. Default: ${DEFAULT-VALUE}.")
    String importance;

    @Option(names = "--partition-size", defaultValue = "10000",
            description = "Classes above this size are split into seeded random partitions. Default: ${DEFAULT-VALUE}.")
    int partitionSize;

    @Option(names = "--classes", defaultValue = "0",
            description = "Declare K classes (labels 0..K-1; an empty class is an error). 0: take them from the labels.")
    int numClasses;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for SGE; 0: all processors.")
    int threads;

    @Option(names = "--encoder-id", defaultValue = "", description = "Name of the encoder that made the embeddings (provenance, plan id).")
    String encoderId;

    @Option(names = "--dataset-hash", defaultValue = "", description = "Identifier of the source dataset (provenance, plan id).")
    String datasetHash;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Single-run mode: graph-cut, facility-location, disparity-min, disparity-sum or log-determinant.")
    String function;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "Single-run optimizer: naive-greedy, lazy-greedy or stochastic-greedy. Default: lazy-greedy for submodular functions, else naive-greedy.")
    String optimizer;

    @Option(names = "--kernel", paramLabel = "NAME",
            description = "Single-run kernel: cosine, shifted-cosine, min-max-cosine, rbf or dot. Default: the function's MILO kernel.")
    String kernel;

    @Option(names = "--gamma", defaultValue = "1.0", description = "rbf kernel gamma. Default: ${DEFAULT-VALUE}.")
    double gamma;

    @Option(names = "--regularization", defaultValue = "1.0", description = "log-determinant regularization. Default: ${DEFAULT-VALUE}.")
    double regularization;

    @Option(names = "--budget", defaultValue = "0",
            description = "Single-run items per class (an error if a class is smaller); 0: MILO's budgets from --fraction.")
    int budgetPerClass;

    @Option(names = "--progress", description = "Report progress on standard error.")
    boolean progress;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter console = spec.commandLine().getOut();
        try {
            float[][] rows = isNpy(embeddings) ? NpyFile.readMatrix(embeddings) : TextTables.readMatrix(embeddings);
            int[] classes = isNpy(labels) ? NpyFile.readLabels(labels) : TextTables.readLabels(labels);
            ProgressListener listener = progress ? (stage, done, total) -> {
                err.printf("%s %d/%d%n", stage, done, total);
                err.flush();
            } : ProgressListener.NONE;
            if (function != null) {
                singleRun(rows, classes, listener, console);
            } else {
                plans(rows, classes, listener, console);
            }
            console.flush();
            return 0;
        } catch (IllegalArgumentException | ArithmeticException | DataException | IOException | UncheckedIOException e) {
            err.println("milotune select: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void plans(float[][] rows, int[] classes, ProgressListener listener, PrintWriter console) throws IOException {
        if (out == null && json == null) {
            throw new IllegalArgumentException("nothing to write: give --out FILE and/or --json FILE");
        }
        PlanOptions options = new PlanOptions(fractions[0], subsets, lambda, epsilon, temperature, ImportanceFunction.parse(importance), seed,
                partitionSize, numClasses, threads, encoderId, datasetHash);
        List<SubsetPlan> plans = MiloPlanner.ladder(rows, classes, fractions, options, listener);
        for (SubsetPlan plan : plans) {
            String suffix = plans.size() > 1 ? "-f" + plan.fraction() : "";
            if (out != null) {
                byte[] bytes = plan.toBytes();
                Files.write(withSuffix(out, suffix), bytes);
                console.printf(Locale.ROOT, "plan %s -> %s (%d bytes)%n", plan.id(), withSuffix(out, suffix), bytes.length);
            }
            if (json != null) {
                writeJson(withSuffix(json, suffix), plan::writeJson);
                console.printf("plan %s -> %s%n", plan.id(), withSuffix(json, suffix));
            }
            console.printf(Locale.ROOT, "  N=%d, fraction=%s, budgets=%s, %d SGE subsets of %d items, WRE max/min p=%.3f%n", plan.numItems(),
                    plan.fraction(), Arrays.toString(plan.budgets()), plan.numSubsets(), plan.totalBudget(),
                    plan.provenance().wreProbabilityRatio());
        }
        SubsetPlan first = plans.get(0);
        console.printf(Locale.ROOT, "  timings %s, peak RSS %d MiB%n", timings(first.provenance().timings()),
                first.provenance().peakResidentBytes() >> 20);
    }

    private void singleRun(float[][] rows, int[] classes, ProgressListener listener, PrintWriter console) throws IOException {
        if (out != null) {
            throw new IllegalArgumentException("single-run mode (--function) writes JSON only: give --json FILE instead of --out");
        }
        if (json == null) {
            throw new IllegalArgumentException("nothing to write: give --json FILE");
        }
        if (fractions.length != 1) {
            throw new IllegalArgumentException("single-run mode takes one --fraction, got " + fractions.length);
        }
        FunctionSpec f = functionSpec(function);
        OptimizerSpec o = optimizer != null ? optimizerSpec(optimizer)
                : f instanceof FunctionSpec.DisparityMin || f instanceof FunctionSpec.DisparitySum ? new OptimizerSpec.NaiveGreedy()
                : new OptimizerSpec.LazyGreedy();
        SelectionOptions options = new SelectionOptions(f, o, kernel == null ? null : kernelSpec(kernel), fractions[0], budgetPerClass, seed,
                partitionSize, numClasses);
        GreedySelection selection = MiloPlanner.select(rows, classes, options, listener);
        writeJson(json, selection::writeJson);
        console.printf("selection %s by %s on %s -> %s%n", f.describe(), o.describe(), options.kernel().describe(), json);
        console.printf("  N=%d, budgets=%s, %d items selected, timings %s%n", selection.numItems(), Arrays.toString(selection.budgets()),
                selection.indices().length, timings(selection.timings()));
    }

    static FunctionSpec functionSpec(String name, double lambda, double regularization) {
        return switch (name) {
            case "graph-cut" -> new FunctionSpec.GraphCut(lambda);
            case "facility-location" -> new FunctionSpec.FacilityLocation();
            case "disparity-min" -> new FunctionSpec.DisparityMin();
            case "disparity-sum" -> new FunctionSpec.DisparitySum();
            case "log-determinant" -> new FunctionSpec.LogDeterminant(regularization);
            default -> throw new IllegalArgumentException("function is '" + name
                    + "', but must be one of graph-cut, facility-location, disparity-min, disparity-sum, log-determinant");
        };
    }

    private FunctionSpec functionSpec(String name) {
        return functionSpec(name, lambda, regularization);
    }

    private OptimizerSpec optimizerSpec(String name) {
        return switch (name) {
            case "naive-greedy" -> new OptimizerSpec.NaiveGreedy();
            case "lazy-greedy" -> new OptimizerSpec.LazyGreedy();
            case "stochastic-greedy" -> new OptimizerSpec.StochasticGreedy(epsilon);
            default -> throw new IllegalArgumentException("optimizer is '" + name + "', but must be one of naive-greedy, lazy-greedy, stochastic-greedy");
        };
    }

    private KernelSpec kernelSpec(String name) {
        return switch (name) {
            case "cosine" -> new KernelSpec.Cosine();
            case "shifted-cosine" -> new KernelSpec.ShiftedCosine();
            case "min-max-cosine" -> new KernelSpec.MinMaxCosine();
            case "rbf" -> new KernelSpec.Rbf(gamma);
            case "dot" -> new KernelSpec.Dot();
            default -> throw new IllegalArgumentException("kernel is '" + name + "', but must be one of cosine, shifted-cosine, min-max-cosine, rbf, dot");
        };
    }

    private static boolean isNpy(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static Path withSuffix(Path path, String suffix) {
        if (suffix.isEmpty()) {
            return path;
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return path.resolveSibling(renamed);
    }

    private static String timings(List<StageTiming> timings) {
        return timings.stream().map(t -> t.stage() + " " + t.millis() + " ms").collect(Collectors.joining(", "));
    }

    @FunctionalInterface
    private interface JsonExport {
        void writeTo(Appendable out) throws IOException;
    }

    private static void writeJson(Path path, JsonExport export) throws IOException {
        try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            export.writeTo(writer);
        }
    }
}
