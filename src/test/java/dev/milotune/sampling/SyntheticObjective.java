package dev.milotune.sampling;

import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Configuration;
import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic tuning problem with a log-scale optimum: best at lr = 3e-3, width 8, optimizer adam;
 * the score is 0 at the optimum and negative elsewhere. The optimizer matters little (0.1): with a
 * large categorical effect (0.5 was tried) univariate TPE locks onto whichever optimizer its early
 * good trials happened to use in about half the seeds and then loses to random search at 100 trials.
 */
final class SyntheticObjective {

    static final SearchSpace SPACE = SearchSpace.of(
            FloatParameter.logUniform("lr", 1e-5, 1.0),
            IntParameter.range("width", 1, 32),
            CategoricalParameter.of("optimizer", "sgd", "adam", "rmsprop"));

    private SyntheticObjective() {
    }

    static double score(Configuration c) {
        double lr = (Double) c.values().get("lr");
        long width = (Long) c.values().get("width");
        double distance = Math.log10(lr) - Math.log10(3e-3);
        double widthTerm = (width - 8) / 8.0;
        return -distance * distance - widthTerm * widthTerm - ("adam".equals(c.values().get("optimizer")) ? 0 : 0.1);
    }

    /** The best score of {@code trials} sequential trials, each seeing all before it. */
    static double bestOf(Sampler sampler, int trials) {
        List<Observation> history = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Configuration c = sampler.suggest(n, history);
            double s = score(c);
            history.add(new Observation(c, s, 0));
            best = Math.max(best, s);
        }
        return best;
    }
}
