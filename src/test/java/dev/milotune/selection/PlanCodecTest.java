package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlanCodecTest {

    static SubsetPlan plan;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void computePlan() {
        plan = PlanFixtures.plan(PlanFixtures.options().withPartitionSize(80).withSource("enc \"quoted\"\n", "ds\\1"));
    }

    @Test
    void binaryRoundTripIsExactAndDeterministic() {
        byte[] bytes = plan.toBytes();
        SubsetPlan back = SubsetPlan.fromBytes(bytes);
        assertThat(back).isEqualTo(plan);
        assertThat(back.id()).isEqualTo(plan.id());
        assertThat(back.sgeSubsets()).isDeepEqualTo(plan.sgeSubsets());
        assertThat(back.wreProbabilities()).containsExactly(plan.wreProbabilities());
        assertThat(back.provenance()).isEqualTo(plan.provenance());
        assertThat(back.toBytes()).containsExactly(bytes);
    }

    @Test
    void damagedBytesAreRejected() {
        byte[] bytes = plan.toBytes();
        assertThatThrownBy(() -> SubsetPlan.fromBytes("NOTAPLAN.".getBytes())).hasMessageContaining("not a subset plan");
        byte[] future = bytes.clone();
        future[8] = 9;
        assertThatThrownBy(() -> SubsetPlan.fromBytes(future)).hasMessage("subset plan format is 9, but this code reads format 1");
        assertThatThrownBy(() -> SubsetPlan.fromBytes(Arrays.copyOf(bytes, bytes.length / 2))).isInstanceOf(IllegalArgumentException.class);
        int rejected = 0;
        for (int at = 9; at < bytes.length; at += Math.max(1, bytes.length / 40)) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x5A;
            try {
                SubsetPlan decoded = SubsetPlan.fromBytes(flipped);
                assertThat(decoded).as("a flip at %d either fails or changes nothing", at).isEqualTo(plan);
            } catch (IllegalArgumentException | ArithmeticException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
    }

    @Test
    void jsonExportCarriesTheDocumentedSchema() throws Exception {
        JsonNode root = JSON.readTree(plan.toJson());
        assertThat(root.get("schema").asText()).isEqualTo("milotune.subset-plan/1");
        assertThat(root.get("id").asText()).isEqualTo(plan.id());
        assertThat(root.get("numItems").asInt()).isEqualTo(600);
        assertThat(ints(root.get("classes"))).containsExactly(plan.classes());
        assertThat(ints(root.get("classSizes"))).containsExactly(plan.classSizes());
        assertThat(ints(root.get("budgets"))).containsExactly(plan.budgets());
        assertThat(root.get("sgeSubsets")).hasSize(plan.numSubsets());
        for (int s = 0; s < plan.numSubsets(); s++) {
            assertThat(ints(root.get("sgeSubsets").get(s))).containsExactly(plan.sgeSubset(s));
        }
        assertThat(doubles(root.get("wreProbabilities"))).containsExactly(plan.wreProbabilities());
        JsonNode orders = root.get("wreOrder");
        assertThat(orders).hasSize(plan.wreOrders().size());
        for (int o = 0; o < orders.size(); o++) {
            GreedyOrder order = plan.wreOrders().get(o);
            assertThat(orders.get(o).get("label").asInt()).isEqualTo(order.label());
            assertThat(orders.get(o).get("partition").asInt()).isEqualTo(order.partition());
            assertThat(orders.get(o).get("budget").asInt()).isEqualTo(order.budget());
            assertThat(ints(orders.get(o).get("indices"))).containsExactly(order.indices());
            assertThat(doubles(orders.get(o).get("gains"))).containsExactly(order.gains());
        }
        JsonNode provenance = root.get("provenance");
        PlanKey key = plan.provenance().key();
        assertThat(provenance.get("encoderId").asText()).isEqualTo("enc \"quoted\"\n");
        assertThat(provenance.get("datasetHash").asText()).isEqualTo("ds\\1");
        assertThat(provenance.get("embeddingsHash").asText()).isEqualTo(key.embeddingsHash());
        assertThat(provenance.get("sgeFunction").asText()).isEqualTo("graph-cut(lambda=0.4)");
        assertThat(provenance.get("sgeOptimizer").asText()).isEqualTo("stochastic-greedy(epsilon=0.1)");
        assertThat(provenance.get("importanceFunction").asText()).isEqualTo("disparity-min on min-max-cosine");
        assertThat(provenance.get("timingsMillis").has("kernel")).isTrue();
        assertThat(provenance.get("wreProbabilityRatio").asDouble()).isEqualTo(plan.provenance().wreProbabilityRatio());
        assertThat(provenance.get("groundSets").asInt()).isEqualTo(plan.wreOrders().size());
        assertThat(root.has("selection")).isFalse();
    }

    @Test
    void selectionJsonHasASelectionMember() throws Exception {
        GreedySelection selection = MiloPlanner.select(PlanFixtures.EMBEDDINGS, PlanFixtures.LABELS,
                SelectionOptions.of(new FunctionSpec.GraphCut(0.4), new OptimizerSpec.NaiveGreedy(), 1).withBudgetPerClass(5), null);
        JsonNode root = JSON.readTree(selection.toJson());
        assertThat(root.get("schema").asText()).isEqualTo("milotune.greedy-selection/1");
        assertThat(root.get("selection")).hasSize(4);
        assertThat(ints(root.get("selection").get(2).get("indices"))).containsExactly(selection.selections().get(2).indices());
        assertThat(doubles(root.get("selection").get(2).get("gains"))).containsExactly(selection.selections().get(2).gains());
        assertThat(root.get("provenance").get("function").asText()).isEqualTo("graph-cut(lambda=0.4)");
        assertThat(root.get("provenance").get("kernel").asText()).isEqualTo("shifted-cosine");
        assertThat(root.has("sgeSubsets")).isFalse();
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
