package dev.milotune.selection;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The result of a single greedy run: per class (or class partition) the picked dataset indices in
 * pick order with their gains, and how it was made. Accessors return copies.
 */
public record GreedySelection(
        SelectionOptions options,
        String codeVersion,
        String embeddingsHash,
        String labelsHash,
        int numItems,
        int dimension,
        int[] classes,
        int[] classSizes,
        int[] budgets,
        List<GreedyOrder> selections,
        List<StageTiming> timings,
        long peakResidentBytes) {

    public GreedySelection {
        classes = classes.clone();
        classSizes = classSizes.clone();
        budgets = budgets.clone();
        selections = List.copyOf(selections);
        timings = List.copyOf(timings);
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    @Override
    public int[] classSizes() {
        return classSizes.clone();
    }

    @Override
    public int[] budgets() {
        return budgets.clone();
    }

    /** All picked dataset indices, ascending. */
    public int[] indices() {
        return selections.stream().flatMapToInt(o -> Arrays.stream(o.indices())).sorted().toArray();
    }

    /** Writes the JSON export with a {@code selection} member (docs/selection-plan-schema.md). */
    public void writeJson(Appendable out) throws IOException {
        PlanJson.write(this, out);
    }

    public String toJson() {
        return PlanJson.render(this::writeJson);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GreedySelection o && options.equals(o.options) && embeddingsHash.equals(o.embeddingsHash)
                && labelsHash.equals(o.labelsHash) && Arrays.equals(classes, o.classes) && Arrays.equals(budgets, o.budgets)
                && selections.equals(o.selections);
    }

    @Override
    public int hashCode() {
        return 31 * embeddingsHash.hashCode() + selections.hashCode();
    }

    @Override
    public String toString() {
        return "GreedySelection[" + options.function().describe() + " by " + options.optimizer().describe() + ", classes=" + classes.length
                + ", selected=" + Arrays.stream(budgets).sum() + "]";
    }
}
