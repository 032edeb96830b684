package dev.milotune.selection;

/**
 * The MILO curriculum's parameters (MILO.md, "Training with a plan").
 *
 * @param kappa the share of epochs in the SGE phase: epochs [0, ceil(kappa * E)) use SGE
 *     subsets. MILO: 1/6.
 * @param interval R, the selection interval: a new subset every R epochs. MILO: 1.
 */
public record CurriculumOptions(double kappa, int interval) {

    public static final double DEFAULT_KAPPA = 1.0 / 6;
    public static final int DEFAULT_INTERVAL = 1;

    public CurriculumOptions {
        if (!(kappa >= 0 && kappa <= 1)) {
            throw new IllegalArgumentException("kappa is " + kappa + ", but must be in [0, 1]");
        }
        if (interval < 1) {
            throw new IllegalArgumentException("selection interval is " + interval + ", but must be >= 1 epoch");
        }
    }

    public static CurriculumOptions defaults() {
        return new CurriculumOptions(DEFAULT_KAPPA, DEFAULT_INTERVAL);
    }

    /**
     * ceil(kappa * E), robust to binary rounding: a product within 1e-9 of an integer counts as
     * that integer (1/6 * 12 must give 2, not 3).
     */
    public int sgeEpochs(int totalEpochs) {
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("total epochs is " + totalEpochs + ", but must be >= 1");
        }
        double product = kappa * totalEpochs;
        double nearest = Math.rint(product);
        int epochs = Math.abs(product - nearest) <= 1e-9 * Math.max(1, product) ? (int) nearest : (int) Math.ceil(product);
        return Math.min(epochs, totalEpochs);
    }
}
