package dev.milotune.worker;

import dev.milotune.study.ModelFamily;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial's hyperparameters with the family's defaults filled in, read with their types. A value
 * of the wrong type or outside its rule is the trial's own fault: {@link InvalidTrialException}.
 */
record Hyperparameters(ModelFamily family, Map<String, Object> values) {

    static Hyperparameters of(ModelFamily family, Map<String, Object> given) {
        Map<String, Object> all = new LinkedHashMap<>(family.defaults());
        given.forEach((name, value) -> {
            if (!family.knows(name)) {
                throw new InvalidTrialException("hyperparameter " + name + " is not known to model family " + family.id());
            }
            all.put(name, value);
        });
        return new Hyperparameters(family, Map.copyOf(all));
    }

    double real(String name) {
        Object v = values.get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new InvalidTrialException("hyperparameter " + name + " is " + v + ", but must be a number");
    }

    int positive(String name) {
        Object v = values.get(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1 && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new InvalidTrialException("hyperparameter " + name + " is " + v + ", but must be a positive integer");
    }

    String choice(String name) {
        Object v = values.get(name);
        var allowed = ModelFamily.ALLOWED.get(name);
        if (v instanceof String s && (allowed == null || allowed.contains(s))) {
            return s;
        }
        throw new InvalidTrialException("hyperparameter " + name + " is " + v + ", but must be one of " + allowed);
    }

    boolean flag(String name) {
        Object v = values.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidTrialException("hyperparameter " + name + " is " + v + ", but must be true or false");
    }

    double probability(String name) {
        double p = real(name);
        if (p < 0 || p >= 1) {
            throw new InvalidTrialException("hyperparameter " + name + " is " + p + ", but must be in [0, 1)");
        }
        return p;
    }
}
