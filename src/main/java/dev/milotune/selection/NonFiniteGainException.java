package dev.milotune.selection;

/**
 * A marginal gain was NaN or infinite. Greedy stops with this error instead of looping or picking
 * an arbitrary item; the message names the item, the step and the function.
 */
public final class NonFiniteGainException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int item;
    private final int step;
    private final double gain;

    NonFiniteGainException(String message, int item, int step, double gain) {
        super(message);
        this.item = item;
        this.step = step;
        this.gain = gain;
    }

    static NonFiniteGainException of(SetFunction function, int item, int step, double gain) {
        return new NonFiniteGainException(
                "gain of item " + item + " is " + gain + " at step " + step + " of " + function.describe(), item, step, gain);
    }

    /** The item index, local to the ground set unless the message says it is a dataset index. */
    public int item() {
        return item;
    }

    public int step() {
        return step;
    }

    public double gain() {
        return gain;
    }
}
