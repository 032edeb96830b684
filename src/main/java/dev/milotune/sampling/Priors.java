package dev.milotune.sampling;

import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Configuration;
import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.Parameter;
import dev.milotune.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Draws from each parameter's prior: uniform, log-uniform, uniform over steps, uniform over choices. */
final class Priors {

    private Priors() {
    }

    /** A configuration drawn from the prior; conditional parameters only when active. */
    static Configuration draw(SearchSpace space, SplittableRandom random) {
        Map<String, Object> partial = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            if (space.isActive(p, partial)) {
                partial.put(p.name(), draw(p, random));
            }
        }
        return new Configuration(partial);
    }

    static Object draw(Parameter p, SplittableRandom random) {
        if (p instanceof FloatParameter f) {
            if (f.step().isPresent()) {
                return f.gridPoint(random.nextLong(f.stepCount()));
            }
            if (f.log()) {
                return f.snap(Math.exp(random.nextDouble(Math.log(f.low()), Math.log(f.high()))));
            }
            return random.nextDouble(f.low(), f.high());
        }
        if (p instanceof IntParameter i) {
            if (i.log()) {
                // Uniform in ln x over [low - 0.5, high + 0.5], then rounded: each integer gets the mass of its cell.
                return i.snap(Math.exp(random.nextDouble(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5))));
            }
            return i.gridPoint(random.nextLong(i.stepCount()));
        }
        CategoricalParameter c = (CategoricalParameter) p;
        return c.choices().get(random.nextInt(c.choices().size()));
    }
}
