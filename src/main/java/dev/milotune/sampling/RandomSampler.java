package dev.milotune.sampling;

import dev.milotune.study.Seeds;
import dev.milotune.space.Configuration;
import dev.milotune.space.SearchSpace;
import java.util.List;

/** Random search (Bergstra and Bengio 2012): every trial an independent draw from the prior, from its own stream. */
final class RandomSampler implements Sampler {

    private final SearchSpace space;
    private final long seed;

    RandomSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public Configuration suggest(int trialNumber, List<Observation> history, List<Configuration> pending) {
        Samplers.checkTrialNumber(trialNumber);
        return Priors.draw(space, Seeds.stream(seed, Seeds.Stream.SAMPLER, trialNumber));
    }
}
