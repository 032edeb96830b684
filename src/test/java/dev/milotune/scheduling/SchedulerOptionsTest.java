package dev.milotune.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.milotune.space.InvalidSpecException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulerOptionsTest {

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                bad(() -> new AshaOptions(0, 27, 3, 0, 10), "scheduler.r", 0, "must be >= 1"),
                bad(() -> new AshaOptions(4, 3, 3, 0, 10), "scheduler.R", 3, "must be >= r (4)"),
                bad(() -> new AshaOptions(1, 27, 1, 0, 10), "scheduler.eta", 1, "must be >= 2"),
                bad(() -> new AshaOptions(1, 27, 3, -1, 10), "scheduler.s", -1, "must be >= 0"),
                bad(() -> new AshaOptions(1, 27, 3, 4, 10), "scheduler.s", 4, "must keep r * eta^s <= R (27)"),
                bad(() -> new AshaOptions(1, 27, 3, 0, 0), "maxTrials", 0, "must be >= 1"),
                bad(() -> new ShaOptions(1, 27, 3, 0, 26), "maxTrials", 26, "must be >= 27 (eta^3) so that one trial reaches R under SHA with these rungs"),
                bad(() -> new ShaOptions(1, 27, 1, 0, 27), "scheduler.eta", 1, "must be >= 2"),
                bad(() -> new HyperbandOptions(1, 81, 3, 0, 6, 100), "scheduler.brackets", 6,
                        "must be in [1, 5], the number of distinct bottom rungs for r=1, R=81, eta=3, s=0"),
                bad(() -> new HyperbandOptions(1, 81, 3, 0, 0, 100), "scheduler.brackets", 0,
                        "must be in [1, 5], the number of distinct bottom rungs for r=1, R=81, eta=3, s=0"),
                bad(() -> new HyperbandOptions(1, 81, 3, 0, 5, -1), "maxTrials", -1, "must be >= 1"),
                bad(() -> new NoneOptions(0, 10), "scheduler.R", 0, "must be >= 1"),
                bad(() -> new NoneOptions(10, 0), "maxTrials", 0, "must be >= 1"));
    }

    private static Arguments bad(Supplier<Object> build, String field, Object value, String rule) {
        return Arguments.of(build, field, value, rule);
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void invalidOptionsNameTheFieldTheValueAndTheRule(Supplier<Object> build, String field, Object value, String rule) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, build::get);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e).hasMessage(field + " is " + value + ", but " + rule);
    }

    @Test
    void rungResourcesGrowByEtaFromRTimesEtaToTheSAndEndAtR() {
        assertThat(Ladder.rungs(1, 27, 3, 0)).extracting(Rung::resource).containsExactly(1, 3, 9, 27);
        assertThat(Ladder.rungs(1, 30, 3, 0)).as("R not a power: one more rung, exactly R").extracting(Rung::resource).containsExactly(1, 3, 9, 27, 30);
        assertThat(Ladder.rungs(1, 27, 3, 1)).extracting(Rung::resource).containsExactly(3, 9, 27);
        assertThat(Ladder.rungs(2, 2, 3, 0)).extracting(Rung::resource).containsExactly(2);
        assertThat(Ladder.rungs(1, 100, 4, 0)).extracting(Rung::resource).containsExactly(1, 4, 16, 64, 100);
        assertThat(Ladder.rungs(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0)).extracting(Rung::resource).containsExactly(1, Integer.MAX_VALUE);
        assertThat(Ladder.rungs(1, 81, 3, 0)).extracting(Rung::index).containsExactly(0, 1, 2, 3, 4);
    }
}
