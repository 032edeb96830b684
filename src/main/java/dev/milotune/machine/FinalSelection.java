package dev.milotune.machine;

import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.Study;
import dev.milotune.study.Trial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The full-data check of a search's leaders ({@code finalSelection}): a search judged on subsets
 * (or on a validation sample) can rank a configuration first that is mediocre on full data, so its
 * {@code topK} best distinct configurations each train a short budget on the full training set,
 * validated on all of it, and the best of those is the study's choice. One epoch on full data is
 * a cheap and competitive judge ("Is one epoch all you need?", 2023).
 */
final class FinalSelection {

    private FinalSelection() {
    }

    /** The {@code k} best search trials with a value, one per configuration, best first. */
    static List<Trial> leaders(List<Trial> search, Direction direction, int k) {
        List<Trial> leaders = new ArrayList<>();
        Set<Configuration> seen = new LinkedHashSet<>();
        for (Trial t : Leaderboard.rank(search, direction)) {
            if (leaders.size() >= k || t.bestValue().isEmpty()) {
                break;
            }
            if (seen.add(t.configuration())) {
                leaders.add(t);
            }
        }
        return leaders;
    }

    /** A check trial per leader, numbered from {@code firstNumber}, each with a seed of its own. */
    static List<Trial> checks(Study study, List<Trial> leaders, int firstNumber, Supplier<String> ids, Instant now) {
        List<Trial> checks = new ArrayList<>();
        for (int i = 0; i < leaders.size(); i++) {
            checks.add(Trial.create(ids.get(), study.id(), firstNumber + i, Trial.Purpose.CHECK, leaders.get(i).configuration(),
                    StudySetup.checkSeed(study.seed(), i), 0, now));
        }
        return checks;
    }

    /** The check with the best full-data value, if any check has one. */
    static Optional<Trial> choice(List<Trial> checks, Direction direction) {
        return checks.stream().filter(t -> t.bestValue().isPresent())
                .max(Comparator.comparingDouble((Trial t) -> direction.score(t.bestValue().orElseThrow()))
                        .thenComparing(Comparator.comparingInt(Trial::number).reversed()));
    }
}
