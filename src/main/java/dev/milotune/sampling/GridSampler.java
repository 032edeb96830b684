package dev.milotune.sampling;

import dev.milotune.study.Seeds;
import dev.milotune.space.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grid search over a finite space: the grid in an order shuffled once by the seed, so that a study
 * stopped early has still seen a spread of the grid; trial n gets point n mod size, so every cycle
 * of size trials covers each point exactly once.
 */
final class GridSampler implements Sampler {

    private final List<Configuration> order;

    GridSampler(List<Configuration> grid, long seed) {
        List<Configuration> shuffled = new ArrayList<>(grid);
        SplittableRandom random = Seeds.stream(seed, Seeds.Stream.GRID_ORDER);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            shuffled.set(i, shuffled.set(j, shuffled.get(i)));
        }
        this.order = List.copyOf(shuffled);
    }

    @Override
    public Configuration suggest(int trialNumber, List<Observation> history, List<Configuration> pending) {
        Samplers.checkTrialNumber(trialNumber);
        return order.get(trialNumber % order.size());
    }
}
