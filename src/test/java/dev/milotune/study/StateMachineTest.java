package dev.milotune.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.milotune.space.Configuration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    @Test
    void terminalStatesAcceptNoMove() {
        for (TrialState s : TrialState.values()) {
            assertThat(s.next().isEmpty()).as(s.name()).isEqualTo(s.isTerminal());
        }
        for (StudyState s : StudyState.values()) {
            assertThat(s.next().isEmpty()).as(s.name()).isEqualTo(s.isTerminal());
        }
    }

    @Test
    void anIllegalMoveNamesBothStates() {
        assertThatThrownBy(() -> TrialState.PRUNED.moveTo(TrialState.RUNNING))
                .hasMessage("a trial cannot move from PRUNED to RUNNING");
        assertThatThrownBy(() -> StudyState.COMPLETED.moveTo(StudyState.RUNNING))
                .hasMessage("a study cannot move from COMPLETED to RUNNING");
        assertThat(TrialState.PAUSED.moveTo(TrialState.QUEUED)).isEqualTo(TrialState.QUEUED);
    }

    @Test
    void aTrialKeepsItsBestObjectiveInTheStudysDirection() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Trial trial = Trial.create("t", "s", 0, Trial.Purpose.SEARCH, Configuration.empty(), 7L, 0, t)
                .dispatched(new Trial.Segment(0, 0, 2, t), 0, t);
        Trial maximised = trial.withEpoch(report(0, 0.6), Direction.MAXIMIZE, t).withEpoch(report(1, 0.5), Direction.MAXIMIZE, t);
        Trial minimised = trial.withEpoch(report(0, 0.6), Direction.MINIMIZE, t).withEpoch(report(1, 0.5), Direction.MINIMIZE, t);

        assertThat(maximised.bestValue()).contains(0.6);
        assertThat(minimised.bestValue()).contains(0.5);
        assertThat(maximised.epochsDone()).isEqualTo(2);
        assertThat(maximised.trainingSeconds()).isEqualTo(4.0);
        assertThat(maximised.state()).isEqualTo(TrialState.RUNNING);
        assertThatThrownBy(() -> Trial.create("u", "s", 1, Trial.Purpose.SEARCH, Configuration.empty(), 7L, 0, t)
                .withEpoch(report(0, 0.5), Direction.MAXIMIZE, t))
                .hasMessage("a trial cannot move from PENDING to RUNNING");
    }

    @Test
    void aConfigurationAcceptsOnlyTheFourValueTypes() {
        assertThat(new Configuration(Map.of("b", 1L, "a", 0.5)).values().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> new Configuration(Map.of("hidden", 128)))
                .hasMessage("parameter 'hidden' has value 128 of type Integer, but must be a Double, Long, String or Boolean");
    }

    private static TrialReport report(int epoch, double objective) {
        return new TrialReport("t", 0, epoch, 0.1, 0.2, objective, objective, 2.0, 100, "cpu", "w", Instant.EPOCH, java.util.Map.of());
    }
}
