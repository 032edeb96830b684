package dev.milotune.machine;

import dev.milotune.study.Direction;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The end of a search: the leaderboard's first trial is the study's choice, and its configuration
 * is retrained on the full training set {@code repeats} times from scratch, each repeat with its own
 * seed, for the study's final test accuracy.
 */
final class FinalRetrain {

    private FinalRetrain() {
    }

    /** The search trial the study chooses, if any has a value. */
    static Optional<Trial> choice(List<Trial> trials, Direction direction) {
        return Leaderboard.rank(trials, direction).stream().findFirst().filter(t -> t.bestValue().isPresent());
    }

    /** The retrain trials of {@code chosen}, numbered from {@code firstNumber}, waiting to be queued. */
    static List<Trial> trials(Study study, StudySpec spec, Trial chosen, int firstNumber, Supplier<String> ids, Instant now) {
        List<Trial> retrains = new ArrayList<>();
        for (int i = 0; i < spec.finalRetrain().repeats(); i++) {
            retrains.add(Trial.create(ids.get(), study.id(), firstNumber + i, Trial.Purpose.RETRAIN, chosen.configuration(),
                    StudySetup.retrainSeed(study.seed(), i), 0, now));
        }
        return retrains;
    }

    /** Mean test accuracy of the retrains that measured one. */
    static Optional<Double> testAccuracy(List<Trial> retrains) {
        return retrains.stream().flatMap(t -> t.testAccuracy().stream()).mapToDouble(Double::doubleValue).average().stream().boxed()
                .findFirst();
    }
}
