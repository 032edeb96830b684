package dev.milotune.selection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON exports of plans and single-run selections; the schema is docs/selection-plan-schema.md. */
final class PlanJson {

    static final String PLAN_SCHEMA = "milotune.subset-plan/1";
    static final String SELECTION_SCHEMA = "milotune.greedy-selection/1";

    private PlanJson() {
    }

    /** Something that writes JSON to an {@link Appendable}. */
    @FunctionalInterface
    interface Export {
        void writeTo(Appendable out) throws IOException;
    }

    /** The JSON of {@code export} as a string (writing to memory does not fail). */
    static String render(Export export) {
        StringBuilder json = new StringBuilder();
        try {
            export.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.toString();
    }

    static void write(SubsetPlan plan, Appendable out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject();
        json.name("schema").value(PLAN_SCHEMA);
        json.name("id").value(plan.id());
        json.name("numItems").value(plan.numItems());
        json.name("fraction").value(plan.fraction());
        json.name("seed").value(plan.seed());
        json.name("classes").value(plan.classes());
        json.name("classSizes").value(plan.classSizes());
        json.name("budgets").value(plan.budgets());
        json.name("sgeSubsets").beginArray();
        for (int s = 0; s < plan.numSubsets(); s++) {
            json.value(plan.sgeSubsetView(s));
        }
        json.endArray();
        json.name("wreProbabilities").value(plan.probabilitiesView());
        json.name("wreOrder");
        orders(json, plan.wreOrders());
        json.name("provenance");
        provenance(json, plan.provenance());
        json.endObject();
    }

    static void write(GreedySelection selection, Appendable out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        SelectionOptions options = selection.options();
        json.beginObject();
        json.name("schema").value(SELECTION_SCHEMA);
        json.name("numItems").value(selection.numItems());
        json.name("classes").value(selection.classes());
        json.name("classSizes").value(selection.classSizes());
        json.name("budgets").value(selection.budgets());
        json.name("selection");
        orders(json, selection.selections());
        json.name("provenance").beginObject();
        json.name("codeVersion").value(selection.codeVersion());
        json.name("embeddingsHash").value(selection.embeddingsHash());
        json.name("labelsHash").value(selection.labelsHash());
        json.name("numItems").value(selection.numItems());
        json.name("dimension").value(selection.dimension());
        json.name("function").value(options.function().describe());
        json.name("optimizer").value(options.optimizer().describe());
        json.name("kernel").value(options.kernel().describe());
        json.name("fraction").value(options.fraction());
        json.name("budgetPerClass").value(options.budgetPerClass());
        json.name("seed").value(options.seed());
        json.name("partitionSize").value(options.partitionSize());
        timings(json, selection.timings());
        json.name("peakResidentBytes").value(selection.peakResidentBytes());
        json.endObject();
        json.endObject();
    }

    private static void orders(JsonWriter json, List<GreedyOrder> orders) throws IOException {
        json.beginArray();
        for (GreedyOrder order : orders) {
            json.beginObject();
            json.name("label").value(order.label());
            json.name("partition").value(order.partition());
            json.name("budget").value(order.budget());
            json.name("indices").value(order.indices());
            json.name("gains").value(order.gains());
            json.endObject();
        }
        json.endArray();
    }

    private static void provenance(JsonWriter json, PlanProvenance provenance) throws IOException {
        PlanKey key = provenance.key();
        json.beginObject();
        json.name("codeVersion").value(key.codeVersion());
        json.name("embeddingsHash").value(key.embeddingsHash());
        json.name("labelsHash").value(key.labelsHash());
        json.name("encoderId").value(key.encoderId());
        json.name("datasetHash").value(key.datasetHash());
        json.name("numItems").value(key.numItems());
        json.name("dimension").value(key.dimension());
        json.name("fraction").value(key.fraction());
        json.name("seed").value(key.seed());
        json.name("sgeKernel").value(key.sgeKernel());
        json.name("sgeFunction").value(key.sgeFunction());
        json.name("sgeOptimizer").value(key.sgeOptimizer());
        json.name("subsets").value(key.subsets());
        json.name("lambda").value(key.lambda());
        json.name("epsilon").value(key.epsilon());
        json.name("importance").value(key.importance().text());
        json.name("importanceFunction").value(key.importanceFunction());
        json.name("temperature").value(key.temperature());
        json.name("partitionSize").value(key.partitionSize());
        timings(json, provenance.timings());
        json.name("peakResidentBytes").value(provenance.peakResidentBytes());
        json.name("estimatedPeakBytes").value(provenance.estimatedPeakBytes());
        json.name("wreProbabilityRatio").value(provenance.wreProbabilityRatio());
        json.name("parallelism").value(provenance.parallelism());
        json.name("groundSets").value(provenance.groundSets());
        json.endObject();
    }

    private static void timings(JsonWriter json, List<StageTiming> timings) throws IOException {
        json.name("timingsMillis").beginObject();
        for (StageTiming timing : timings) {
            json.name(timing.stage()).value(timing.millis());
        }
        json.endObject();
    }
}
