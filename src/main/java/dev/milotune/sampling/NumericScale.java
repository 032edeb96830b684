package dev.milotune.sampling;

import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.Parameter;

/**
 * Where TPE models a numeric parameter: in ln x for log parameters, and for discrete ones (ints,
 * stepped floats) over the domain widened by half a step so that every value owns a cell of equal
 * width, as Optuna does.
 *
 * @param low lower end of the modelled interval
 * @param high upper end
 * @param halfCell half a step in value space (0.5 for log ints); 0 for continuous parameters
 */
record NumericScale(Parameter parameter, double low, double high, boolean logScale, double halfCell) {

    static NumericScale of(Parameter p) {
        if (p instanceof FloatParameter f) {
            if (f.step().isPresent()) {
                double half = f.step().get() / 2;
                return new NumericScale(p, f.low() - half, f.high() + half, false, half);
            }
            return f.log()
                    ? new NumericScale(p, Math.log(f.low()), Math.log(f.high()), true, 0)
                    : new NumericScale(p, f.low(), f.high(), false, 0);
        }
        IntParameter i = (IntParameter) p;
        if (i.log()) {
            return new NumericScale(p, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), true, 0.5);
        }
        double half = i.step() / 2.0;
        return new NumericScale(p, i.low() - half, i.high() + half, false, half);
    }

    boolean discrete() {
        return halfCell > 0;
    }

    double toModel(Object value) {
        double v = ((Number) value).doubleValue();
        return logScale ? Math.log(v) : v;
    }

    /** The domain value (Double or Long) nearest to the model-space point {@code x}. */
    Object toValue(double x) {
        double v = logScale ? Math.exp(x) : x;
        return parameter instanceof FloatParameter f ? (Object) f.snap(v) : (Object) ((IntParameter) parameter).snap(v);
    }

    /** The model-space cell of a discrete value: [lower, upper]. */
    double cellLow(Object value) {
        double v = ((Number) value).doubleValue() - halfCell;
        return logScale ? Math.log(v) : v;
    }

    double cellHigh(Object value) {
        double v = ((Number) value).doubleValue() + halfCell;
        return logScale ? Math.log(v) : v;
    }
}
