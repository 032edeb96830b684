package dev.milotune.selection;

/**
 * The function whose greedy-order gains become WRE importance (MILO.md step 5). MILO uses
 * disparity-min on the min-max kernel; its gains are <= 0 after the second pick, so the
 * resulting probabilities are nearly flat (see the plan's max/min probability ratio). The
 * coverage functions are offered for experiments: their gains are on the scale of a kernel
 * row sum (up to n_c), so use a temperature of that order to keep the taylor-softmax from
 * concentrating on the first picks.
 */
public enum ImportanceFunction {
    /** min over pairs of (1 - s_ij) on the min-max kernel, naive greedy, O(n_c^2). */
    DISPARITY_MIN("disparity-min"),
    /** Graph cut with the plan's lambda on the shifted-cosine kernel, naive greedy, O(n_c^2). */
    GRAPH_CUT("graph-cut"),
    /** Facility location on the shifted-cosine kernel, lazy greedy. */
    FACILITY_LOCATION("facility-location");

    private final String text;

    ImportanceFunction(String text) {
        this.text = text;
    }

    /** Kebab-case name, as in plan ids and on the command line. */
    public String text() {
        return text;
    }

    public static ImportanceFunction parse(String text) {
        for (ImportanceFunction f : values()) {
            if (f.text.equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("importance function is '" + text + "', but must be one of disparity-min, graph-cut, facility-location");
    }
}
