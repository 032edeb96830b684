package dev.milotune.machine;

import dev.milotune.study.Direction;
import dev.milotune.study.Trial;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ranks the search trials of a study: highest rung reached first (a trial that survived more
 * halvings was judged on more resource), then the best objective there, then who got there first.
 * Trials without any result come last.
 */
public final class Leaderboard {

    private Leaderboard() {
    }

    public static List<Trial> rank(List<Trial> trials, Direction direction) {
        return trials.stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).sorted(order(direction)).toList();
    }

    /**
     * The trial whose value made the study's choice, the configuration its final retrain trains: the
     * full-data check with the best value when the study checked its leaders, else the leaderboard's
     * first search trial with a value.
     */
    public static Optional<Trial> choice(List<Trial> trials, Direction direction) {
        List<Trial> checks = trials.stream().filter(t -> t.purpose() == Trial.Purpose.CHECK).toList();
        return FinalSelection.choice(checks, direction).or(() -> FinalRetrain.choice(trials, direction));
    }

    /** The leaderboard's order, best first, for search trials. */
    public static Comparator<Trial> order(Direction direction) {
        return (a, b) -> {
            if (a.bestValue().isPresent() != b.bestValue().isPresent()) {
                return a.bestValue().isPresent() ? -1 : 1;
            }
            if (a.rung() != b.rung()) {
                return Integer.compare(b.rung(), a.rung());
            }
            double sa = a.bestValue().map(direction::score).orElse(Double.NEGATIVE_INFINITY);
            double sb = b.bestValue().map(direction::score).orElse(Double.NEGATIVE_INFINITY);
            if (sa != sb) {
                return Double.compare(sb, sa);
            }
            int byTime = a.updatedAt().compareTo(b.updatedAt());
            return byTime != 0 ? byTime : Integer.compare(a.number(), b.number());
        };
    }
}
