package dev.milotune.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.milotune.space.CategoricalParameter;
import dev.milotune.space.Configuration;
import dev.milotune.space.FloatParameter;
import dev.milotune.space.IntParameter;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplersTest {

    static final SearchSpace SPACE = SearchSpace.of(
            FloatParameter.logUniform("lr", 1e-4, 1.0),
            FloatParameter.uniform("dropout", 0.0, 0.5),
            IntParameter.stepped("hidden", 64, 256, 64),
            IntParameter.logUniform("units", 1, 1024),
            CategoricalParameter.of("optimizer", "sgd", "adam"),
            FloatParameter.stepped("momentum", 0.0, 0.9, 0.1).when("optimizer", "sgd"),
            CategoricalParameter.of("amsgrad", true, false).when("optimizer", "adam"));

    static final SearchSpace FINITE = SearchSpace.of(
            CategoricalParameter.of("optimizer", "sgd", "adam", "adagrad"),
            FloatParameter.stepped("momentum", 0.0, 0.9, 0.3).when("optimizer", "sgd"),
            IntParameter.stepped("batch", 16, 64, 16));

    @Test
    void randomDrawsArePointsOfTheSpaceWithConditionalParametersOnlyWhenActive() {
        Sampler sampler = Samplers.random(SPACE, 7);
        Set<Object> momenta = new HashSet<>();
        Set<Object> hidden = new HashSet<>();
        int sgd = 0;
        for (int n = 0; n < 2000; n++) {
            Configuration c = sampler.suggest(n, List.of());
            SPACE.validate(c); // in range, on the steps, no inactive or missing parameter
            if (c.values().get("optimizer").equals("sgd")) {
                sgd++;
                momenta.add(c.values().get("momentum"));
            }
            hidden.add(c.values().get("hidden"));
        }
        assertThat(sgd).isBetween(900, 1100);
        assertThat(momenta).hasSize(10);
        assertThat(hidden).containsExactlyInAnyOrder(64L, 128L, 192L, 256L);
    }

    @Test
    void logUniformDrawsAreUniformPerDecade() {
        Sampler sampler = Samplers.random(SPACE, 11);
        int draws = 4000;
        int[] perDecade = new int[4];
        for (int n = 0; n < draws; n++) {
            double lr = (Double) sampler.suggest(n, List.of()).values().get("lr");
            perDecade[(int) Math.min(3, Math.floor(-Math.log10(lr)))]++;
        }
        // Chi-square with 3 degrees of freedom; 16.27 is the 0.999 quantile. A uniform draw would put 90 % in one decade.
        double expected = draws / 4.0;
        double chiSquare = IntStream.of(perDecade).mapToDouble(o -> (o - expected) * (o - expected) / expected).sum();
        assertThat(chiSquare).as("counts per decade %s", java.util.Arrays.toString(perDecade)).isLessThan(16.27);
    }

    @Test
    void logIntDrawsFavourSmallValues() {
        Sampler sampler = Samplers.random(SPACE, 3);
        List<Long> units = IntStream.range(0, 2000).mapToObj(n -> (Long) sampler.suggest(n, List.of()).values().get("units")).sorted().toList();
        // Log-uniform on [0.5, 1024.5]: the median is about sqrt(0.5 * 1024.5) = 22.6, far below the uniform's 512.
        assertThat(units.get(1000)).isBetween(15L, 35L);
        assertThat(units.get(0)).isGreaterThanOrEqualTo(1L);
        assertThat(units.get(1999)).isLessThanOrEqualTo(1024L);
    }

    @Test
    void randomIsDeterministicInSeedAndTrialNumber() {
        assertThat(Samplers.random(SPACE, 1).suggest(5, List.of())).isEqualTo(Samplers.random(SPACE, 1).suggest(5, List.of()));
        assertThat(Samplers.random(SPACE, 1).suggest(5, List.of())).isNotEqualTo(Samplers.random(SPACE, 2).suggest(5, List.of()));
        assertThat(Samplers.random(SPACE, 1).suggest(5, List.of())).isNotEqualTo(Samplers.random(SPACE, 1).suggest(6, List.of()));
    }

    @Test
    void gridCoversEveryPointExactlyOncePerCycle() {
        List<Configuration> grid = FINITE.grid();
        int size = grid.size();
        assertThat(size).isEqualTo((4 + 1 + 1) * 4);
        Sampler sampler = Samplers.grid(FINITE, 42);

        for (int cycle = 0; cycle < 3; cycle++) {
            int first = cycle * size;
            List<Configuration> seen = IntStream.range(first, first + size).mapToObj(n -> sampler.suggest(n, List.of())).toList();
            assertThat(seen).as("cycle %d", cycle).containsExactlyInAnyOrderElementsOf(grid);
        }
        List<Configuration> order = IntStream.range(0, size).mapToObj(n -> sampler.suggest(n, List.of())).toList();
        List<Configuration> otherSeed = IntStream.range(0, size).mapToObj(n -> Samplers.grid(FINITE, 43).suggest(n, List.of())).toList();
        assertThat(order).as("shuffled").isNotEqualTo(grid);
        assertThat(order).as("seeded").isNotEqualTo(otherSeed)
                .isEqualTo(IntStream.range(0, size).mapToObj(n -> Samplers.grid(FINITE, 42).suggest(n, List.of())).toList());
    }

    @Test
    void gridRefusesAContinuousSpaceNamingTheParameter() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> Samplers.grid(SPACE, 1));

        assertThat(e.field()).isEqualTo("searchSpace.lr.step");
    }

    @Test
    void tpeOptionsAreValidated() {
        assertInvalid(() -> new TpeOptions(0, 0.25, 24, 1), "sampler.startupTrials", 0, "must be >= 1");
        assertInvalid(() -> new TpeOptions(10, 1.0, 24, 1), "sampler.gamma", 1.0, "must be in (0, 1)");
        assertInvalid(() -> new TpeOptions(10, 0.0, 24, 1), "sampler.gamma", 0.0, "must be in (0, 1)");
        assertInvalid(() -> new TpeOptions(10, 0.25, 0, 1), "sampler.candidates", 0, "must be >= 1");
        assertInvalid(() -> new TpeOptions(10, 0.25, 24, 0), "sampler.priorWeight", 0.0, "must be a finite number > 0");
        assertThat(TpeOptions.defaults()).isEqualTo(new TpeOptions(10, 0.25, 24, 1.0));
    }

    private static void assertInvalid(Runnable build, String field, Object value, String rule) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, build::run);
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.rule()).isEqualTo(rule);
    }

    /** A history of random configurations scored by {@link SyntheticObjective}. */
    private static List<Observation> randomHistory(SearchSpace space, long seed, int size) {
        Sampler random = Samplers.random(space, seed);
        List<Observation> history = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            Configuration c = random.suggest(n, List.of());
            history.add(new Observation(c, SyntheticObjective.score(c), 0));
        }
        return history;
    }

    @Test
    void tpeIsDeterministicInSeedTrialAndHistoryWhateverItsOrder() {
        List<Observation> history = randomHistory(SyntheticObjective.SPACE, 5, 30);
        List<Observation> reversed = new ArrayList<>(history);
        java.util.Collections.reverse(reversed);
        Sampler tpe = Samplers.tpe(SyntheticObjective.SPACE, 9, TpeOptions.defaults());

        Configuration suggested = tpe.suggest(30, history);
        assertThat(Samplers.tpe(SyntheticObjective.SPACE, 9, TpeOptions.defaults()).suggest(30, reversed)).isEqualTo(suggested);
        assertThat(Samplers.tpe(SyntheticObjective.SPACE, 10, TpeOptions.defaults()).suggest(30, history)).isNotEqualTo(suggested);
        assertThat(tpe.suggest(31, history)).isNotEqualTo(suggested);
    }

    @Test
    void tpeDrawsFromThePriorUntilARungHasStartupTrials() {
        List<Observation> history = randomHistory(SyntheticObjective.SPACE, 5, 9);
        Sampler tpe = Samplers.tpe(SyntheticObjective.SPACE, 4, TpeOptions.defaults());

        assertThat(tpe.suggest(9, history)).isEqualTo(Samplers.random(SyntheticObjective.SPACE, 4).suggest(9, List.of()));
        assertThat(tpe.suggest(10, randomHistory(SyntheticObjective.SPACE, 5, 10)))
                .isNotEqualTo(Samplers.random(SyntheticObjective.SPACE, 4).suggest(10, List.of()));
    }

    @Test
    void tpeSuggestionsArePointsOfAConditionalSpace() {
        List<Observation> history = new ArrayList<>();
        Sampler random = Samplers.random(SPACE, 1);
        for (int n = 0; n < 40; n++) {
            Configuration c = random.suggest(n, List.of());
            history.add(new Observation(c, n % 7 == 0 ? Double.NaN : n % 5 == 0 ? Double.NEGATIVE_INFINITY : n, n % 3));
        }
        Sampler tpe = Samplers.tpe(SPACE, 2, new TpeOptions(5, 0.25, 24, 1.0));
        for (int n = 40; n < 140; n++) {
            SPACE.validate(tpe.suggest(n, history));
        }
    }

    @Test
    void tpeCopesWithASingleObservationAndWithScoresThatAreAllNan() {
        Sampler tpe = Samplers.tpe(SPACE, 2, new TpeOptions(1, 0.25, 24, 1.0));
        Configuration first = Samplers.random(SPACE, 1).suggest(0, List.of());

        SPACE.validate(tpe.suggest(1, List.of(new Observation(first, 0.3, 0))));
        SPACE.validate(tpe.suggest(2, List.of(new Observation(first, Double.NaN, 0), new Observation(first, Double.NaN, 0))));
    }

    @Test
    void tpeModelsAConditionalParameterOnlyWhereItWasActive() {
        // Good trials: sgd with momentum 0.9. Adam trials (no momentum) are bad; sgd with low momentum is bad.
        List<Observation> history = new ArrayList<>();
        Sampler random = Samplers.random(SPACE, 8);
        for (int n = 0; n < 60; n++) {
            Configuration c = random.suggest(n, List.of());
            Object momentum = c.values().get("momentum");
            double score = momentum == null ? 0 : (Double) momentum;
            history.add(new Observation(c, score, 0));
        }
        Sampler tpe = Samplers.tpe(SPACE, 3, TpeOptions.defaults());
        int sgd = 0;
        int highMomentum = 0;
        for (int n = 60; n < 160; n++) {
            Configuration c = tpe.suggest(n, history);
            if ("sgd".equals(c.values().get("optimizer"))) {
                sgd++;
                highMomentum += (Double) c.values().get("momentum") >= 0.7 ? 1 : 0;
            }
        }
        assertThat(sgd).as("sgd is the good branch").isGreaterThan(80);
        assertThat(highMomentum).as("momentum >= 0.7 among %d sgd suggestions", sgd).isGreaterThan(sgd * 3 / 4);
    }

    @Test
    void tpeModelsTheHighestRungThatHasEnoughObservations() {
        // At rung 0 low dropout looks best; at rung 1 (more training) high dropout is best.
        SearchSpace space = SearchSpace.of(FloatParameter.uniform("dropout", 0.0, 1.0));
        Sampler random = Samplers.random(space, 1);
        List<Observation> history = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            Configuration c = random.suggest(n, List.of());
            double d = (Double) c.values().get("dropout");
            history.add(new Observation(c, -d, 0));
            if (n < 20) {
                history.add(new Observation(c, d, 1));
            }
        }
        Sampler tpe = Samplers.tpe(space, 2, new TpeOptions(20, 0.25, 24, 1.0));
        double mean = IntStream.range(60, 160).mapToDouble(n -> (Double) tpe.suggest(n, history).values().get("dropout")).average().orElseThrow();
        assertThat(mean).as("follows rung 1, which has 20 observations").isGreaterThan(0.7);

        Sampler needsMore = Samplers.tpe(space, 2, new TpeOptions(21, 0.25, 24, 1.0));
        double meanAtRung0 = IntStream.range(60, 160).mapToDouble(n -> (Double) needsMore.suggest(n, history).values().get("dropout")).average().orElseThrow();
        assertThat(meanAtRung0).as("falls back to rung 0 when rung 1 has too few").isLessThan(0.3);
    }

    @Test
    void withOneObservationPerTrialPromotedTrialsCountAsTheBestOfLowerRungs() {
        // Only the highest rung per trial: the 9 trials with dropout >= 0.85 were promoted and report a
        // low score at rung 1; the other 51 stopped at rung 0 with higher scores. Scores of different
        // rungs do not compare: the promoted ones were the best at rung 0.
        SearchSpace space = SearchSpace.of(FloatParameter.uniform("dropout", 0.0, 1.0));
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double d = i / 60.0;
            Configuration c = new Configuration(java.util.Map.of("dropout", d));
            history.add(d >= 0.85 ? new Observation(c, 0.1, 1) : new Observation(c, 0.5 + 0.01 * (i % 7), 0));
        }
        Sampler tpe = Samplers.tpe(space, 2, new TpeOptions(10, 0.15, 24, 1.0));
        double mean = IntStream.range(60, 160).mapToDouble(n -> (Double) tpe.suggest(n, history).values().get("dropout")).average().orElseThrow();
        assertThat(mean).isGreaterThan(0.75);
    }

    @Test
    void tpeBeatsRandomSearchOnAverageOverSeeds() {
        int seeds = 20;
        int trials = 50;
        double tpeTotal = 0;
        double randomTotal = 0;
        int tpeWins = 0;
        for (long seed = 0; seed < seeds; seed++) {
            double tpeBest = SyntheticObjective.bestOf(Samplers.tpe(SyntheticObjective.SPACE, seed, TpeOptions.defaults()), trials);
            double randomBest = SyntheticObjective.bestOf(Samplers.random(SyntheticObjective.SPACE, seed), trials);
            tpeTotal += tpeBest;
            randomTotal += randomBest;
            tpeWins += tpeBest > randomBest ? 1 : 0;
        }
        // A statistical claim checked on fixed seeds. The score is minus the regret (0 at the optimum):
        // TPE's mean regret must be well below random search's, and TPE must win on most seeds
        // (measured when written: regret 0.085 vs 0.238, 17 wins of 20; 0.076 and 16 wins since the
        // prior's centre counts as a bandwidth neighbour, as in Optuna).
        double tpeRegret = -tpeTotal / seeds;
        double randomRegret = -randomTotal / seeds;
        assertThat(tpeRegret).as("TPE mean regret %s vs random %s, TPE wins %d of %d", tpeRegret, randomRegret, tpeWins, seeds)
                .isLessThan(0.6 * randomRegret);
        assertThat(tpeWins).isGreaterThanOrEqualTo(12);
    }
}
