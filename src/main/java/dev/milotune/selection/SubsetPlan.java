package dev.milotune.selection;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The product of MILO pre-processing (MILO.md step 6): per-class budgets, the SGE subsets, the
 * WRE orders and probabilities, and provenance. Immutable and content-addressed: {@link #id()}
 * is the SHA-256 of its {@link PlanKey}. Every trial of every study on the same dataset, encoder
 * and parameters reuses one plan; {@link Curriculum} and {@link EpochSubsets} turn it into the
 * subset of an epoch.
 *
 * <p>Accessors return copies. Dataset indices are 0 .. N-1 in the order of the embeddings the
 * plan was computed from. SGE subsets are sorted ascending.
 */
public final class SubsetPlan {

    private final PlanProvenance provenance;
    private final String id;
    private final int[] classes;
    private final int[] classSizes;
    private final int[] budgets;
    private final int[][] sgeSubsets;
    private final List<GreedyOrder> wreOrders;
    private final double[] wreProbabilities;
    private final int[][] classMembers;

    SubsetPlan(PlanProvenance provenance, int[] classes, int[] classSizes, int[] budgets, int[][] sgeSubsets, List<GreedyOrder> wreOrders) {
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.id = provenance.key().id();
        this.classes = classes.clone();
        this.classSizes = classSizes.clone();
        this.budgets = budgets.clone();
        this.sgeSubsets = new int[sgeSubsets.length][];
        for (int s = 0; s < sgeSubsets.length; s++) {
            this.sgeSubsets[s] = sgeSubsets[s].clone();
        }
        this.wreOrders = List.copyOf(wreOrders);
        int numItems = provenance.key().numItems();
        this.wreProbabilities = WeightedRandomExploration.probabilities(numItems, this.wreOrders, provenance.key().temperature());
        this.classMembers = membersByClass();
        checkConsistency();
    }

    public String id() {
        return id;
    }

    public int numItems() {
        return provenance.key().numItems();
    }

    public double fraction() {
        return provenance.key().fraction();
    }

    public long seed() {
        return provenance.key().seed();
    }

    public PlanProvenance provenance() {
        return provenance;
    }

    /** Class labels, ascending. */
    public int[] classes() {
        return classes.clone();
    }

    /** n_c, in the order of {@link #classes()}. */
    public int[] classSizes() {
        return classSizes.clone();
    }

    /** b_c, in the order of {@link #classes()} (MILO.md step 3). */
    public int[] budgets() {
        return budgets.clone();
    }

    /** Sum of b_c: the size of every MILO subset (B, or up to C - 1 more). */
    public int totalBudget() {
        return Arrays.stream(budgets).sum();
    }

    public int numSubsets() {
        return sgeSubsets.length;
    }

    /** SGE subset s: dataset indices, ascending. */
    public int[] sgeSubset(int s) {
        return sgeSubsets[s].clone();
    }

    public int[][] sgeSubsets() {
        int[][] copy = new int[sgeSubsets.length][];
        for (int s = 0; s < copy.length; s++) {
            copy[s] = sgeSubsets[s].clone();
        }
        return copy;
    }

    /** p_i of every dataset item i (length N, sums to 1). */
    public double[] wreProbabilities() {
        return wreProbabilities.clone();
    }

    /** WRE greedy orders: one per class, or one per partition of a partitioned class. */
    public List<GreedyOrder> wreOrders() {
        return wreOrders;
    }

    /** The compact binary form (docs/selection-plan-schema.md). */
    public byte[] toBytes() {
        return PlanCodec.encode(this);
    }

    /** Reads {@link #toBytes()}; checks the format, the consistency of the content and that the id matches the key. */
    public static SubsetPlan fromBytes(byte[] bytes) {
        return PlanCodec.decode(bytes);
    }

    /** Writes the JSON export (docs/selection-plan-schema.md). */
    public void writeJson(Appendable out) throws IOException {
        PlanJson.write(this, out);
    }

    public String toJson() {
        return PlanJson.render(this::writeJson);
    }

    int[] sgeSubsetView(int s) {
        return sgeSubsets[s];
    }

    double[] probabilitiesView() {
        return wreProbabilities;
    }

    /** Dataset indices of class position c, ascending. */
    int[] classMembersView(int c) {
        return classMembers[c];
    }

    private int[][] membersByClass() {
        int[][] members = new int[classes.length][];
        int[] fill = new int[classes.length];
        for (int c = 0; c < classes.length; c++) {
            members[c] = new int[classSizes[c]];
        }
        for (GreedyOrder order : wreOrders) {
            int c = Arrays.binarySearch(classes, order.label());
            if (c < 0) {
                throw new IllegalArgumentException("WRE order of label " + order.label() + " has no class");
            }
            for (int k = 0; k < order.size(); k++) {
                if (fill[c] == members[c].length) {
                    throw new IllegalArgumentException("class " + order.label() + " has more items in its WRE orders than its size " + classSizes[c]);
                }
                members[c][fill[c]++] = order.index(k);
            }
        }
        for (int c = 0; c < classes.length; c++) {
            if (fill[c] != classSizes[c]) {
                throw new IllegalArgumentException("class " + classes[c] + " has " + fill[c] + " items in its WRE orders, but size " + classSizes[c]);
            }
            Arrays.sort(members[c]);
        }
        return members;
    }

    private void checkConsistency() {
        int n = numItems();
        if (classSizes.length != classes.length || budgets.length != classes.length) {
            throw new IllegalArgumentException("classes, classSizes and budgets differ in length");
        }
        long total = 0;
        for (int c = 0; c < classes.length; c++) {
            if (c > 0 && classes[c] <= classes[c - 1]) {
                throw new IllegalArgumentException("class labels are not strictly ascending at position " + c);
            }
            if (budgets[c] < 1 || budgets[c] > classSizes[c]) {
                throw new IllegalArgumentException("budget " + budgets[c] + " of class " + classes[c] + " is outside 1.." + classSizes[c]);
            }
            total += classSizes[c];
        }
        if (total != n) {
            throw new IllegalArgumentException("class sizes sum to " + total + ", but the plan has " + n + " items");
        }
        int expected = totalBudget();
        for (int s = 0; s < sgeSubsets.length; s++) {
            int[] subset = sgeSubsets[s];
            if (subset.length != expected) {
                throw new IllegalArgumentException("SGE subset " + s + " has " + subset.length + " items, but the budgets sum to " + expected);
            }
            for (int k = 0; k < subset.length; k++) {
                if (subset[k] < 0 || subset[k] >= n || (k > 0 && subset[k] <= subset[k - 1])) {
                    throw new IllegalArgumentException("SGE subset " + s + " is not ascending within 0.." + (n - 1) + " at position " + k);
                }
            }
        }
        int[] orderBudgets = new int[classes.length];
        for (GreedyOrder order : wreOrders) {
            orderBudgets[Arrays.binarySearch(classes, order.label())] += order.budget();
        }
        if (!Arrays.equals(orderBudgets, budgets)) {
            throw new IllegalArgumentException("WRE order budgets " + Arrays.toString(orderBudgets) + " do not add up to the class budgets");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubsetPlan o && id.equals(o.id) && provenance.equals(o.provenance)
                && Arrays.equals(classes, o.classes) && Arrays.equals(classSizes, o.classSizes) && Arrays.equals(budgets, o.budgets)
                && Arrays.deepEquals(sgeSubsets, o.sgeSubsets) && wreOrders.equals(o.wreOrders)
                && Arrays.equals(wreProbabilities, o.wreProbabilities);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SubsetPlan[id=" + id + ", items=" + numItems() + ", fraction=" + fraction() + ", classes=" + classes.length
                + ", subsets=" + sgeSubsets.length + "]";
    }
}
