package dev.milotune.machine;

import dev.milotune.study.Direction;
import dev.milotune.study.Trial;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks the search trials of a study: highest rung reached first (a trial that survived more
 * halvings was judged on more resource), then the best objective there, then who got there first.
 * Trials without any result come last.
 */
public final class Leaderboard {

    private Leaderboard() {
    }

    public static List<Trial> rank(List<Trial> trials, Direction direction) {
        Comparator<Trial> byRung = Comparator.comparingInt(Trial::rung).reversed();
        Comparator<Trial> byScore = Comparator.comparingDouble(
                (Trial t) -> t.bestValue().map(direction::score).orElse(Double.NEGATIVE_INFINITY)).reversed();
        return trials.stream()
                .filter(t -> t.purpose() == Trial.Purpose.SEARCH)
                .sorted(Comparator.comparing((Trial t) -> t.bestValue().isEmpty())
                        .thenComparing(byRung).thenComparing(byScore)
                        .thenComparing(Trial::updatedAt).thenComparingInt(Trial::number))
                .toList();
    }
}
