package dev.milotune.scheduling;

/**
 * A rung of a bracket: its position and the resource a trial has been trained to when it reports
 * there, r_k = r · η^(s+k) in the papers' symbols, except the last rung, which is exactly R.
 *
 * @param index k, 0 = bottom rung of the bracket
 * @param resource r_k: epochs for the epoch fidelity, or a multiplier index for data fidelity (the
 *     orchestrator interprets it)
 */
public record Rung(int index, int resource) {

    public Rung {
        if (index < 0) {
            throw new IllegalArgumentException("index is " + index + ", but must be >= 0");
        }
        if (resource < 1) {
            throw new IllegalArgumentException("resource is " + resource + ", but must be >= 1");
        }
    }
}
