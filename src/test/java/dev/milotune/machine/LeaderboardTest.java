package dev.milotune.machine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.Trial;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The study's choice: the leaderboard's first, unless full-data checks ranked its leaders otherwise. */
class LeaderboardTest {

    private static final Configuration A = new Configuration(Map.of("lr", 0.02));
    private static final Configuration B = new Configuration(Map.of("lr", 0.003));

    @Test
    void withoutChecksTheLeaderboardsFirstIsTheChoice() {
        List<Trial> trials = List.of(search(0, B, 0.70), search(1, A, 0.80), search(2, B, -1));
        assertThat(Leaderboard.choice(trials, Direction.MAXIMIZE)).map(Trial::number).contains(1);
        assertThat(Leaderboard.choice(List.of(search(0, A, -1)), Direction.MAXIMIZE)).isEmpty();
    }

    @Test
    void theBestFullDataCheckIsTheChoiceEvenWhenTheSearchRankedItsConfigurationSecond() {
        // The search ranks A first; on full data B's check beats A's: the study chose (and retrains) B.
        List<Trial> trials = List.of(search(0, A, 0.80), search(1, B, 0.75), check(10, A, 0.84), check(11, B, 0.87));
        Optional<Trial> choice = Leaderboard.choice(trials, Direction.MAXIMIZE);
        assertThat(choice).map(Trial::configuration).contains(B);
        assertThat(choice).flatMap(Trial::bestValue).contains(0.87);
        assertThat(Leaderboard.rank(trials, Direction.MAXIMIZE).get(0).configuration()).isEqualTo(A);
        // Minimising, the lower check wins.
        assertThat(Leaderboard.choice(trials, Direction.MINIMIZE)).map(Trial::number).contains(10);
    }

    private static Trial search(int number, Configuration c, double value) {
        return withValue(Trial.create("s" + number, "study", number, Trial.Purpose.SEARCH, c, number, 0, Instant.EPOCH), value);
    }

    private static Trial check(int number, Configuration c, double value) {
        return withValue(Trial.create("c" + number, "study", number, Trial.Purpose.CHECK, c, number, 0, Instant.EPOCH), value);
    }

    /** A trial with {@code value} after one epoch; a negative value: none yet. */
    private static Trial withValue(Trial t, double value) {
        return new Trial(t.id(), t.studyId(), t.number(), t.purpose(), t.state(), t.configuration(), t.seed(), t.attempt(), t.bracket(),
                t.rung(), value < 0 ? 0 : 1, value < 0 ? Optional.empty() : Optional.of(value), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), t.createdAt(), t.updatedAt());
    }
}
