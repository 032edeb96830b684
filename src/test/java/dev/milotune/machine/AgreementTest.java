package dev.milotune.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.milotune.scheduling.Fact;
import dev.milotune.scheduling.Rung;
import dev.milotune.space.Configuration;
import dev.milotune.study.Direction;
import dev.milotune.study.Trial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rank agreement between a study's rungs and full data, against values worked out by hand. */
class AgreementTest {

    @Test
    void kendallAndSpearmanMatchHandWorkedValues() {
        // 5 points, one swap of neighbours: 9 concordant, 1 discordant pair -> tau 0.8; d^2 = 2 -> rho 1 - 6*2/(5*24) = 0.9.
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 2, 4, 3, 5};
        assertThat(Agreement.kendallTauB(x, y)).isCloseTo(0.8, within(1e-12));
        assertThat(Agreement.spearman(x, y)).isCloseTo(0.9, within(1e-12));
        // Reversed: -1 both. Ties in x: tau-b = (C - D) / sqrt((n0 - n1)(n0 - n2)) = (5 - 0) / sqrt(5 * 6).
        assertThat(Agreement.kendallTauB(x, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(Agreement.kendallTauB(new double[] {1, 1, 2, 3}, new double[] {1, 2, 3, 4})).isCloseTo(5 / Math.sqrt(30), within(1e-12));
        assertThat(Agreement.kendallTauB(new double[] {1}, new double[] {2})).isNaN();
    }

    @Test
    void aRungIsComparedWithTheFullDataChecksOfTheSameConfigurations() {
        Instant t0 = Instant.EPOCH;
        List<Trial> trials = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        // Four configurations; at rung 0 the subset ranks them 0 > 1 > 2 > 3, full data ranks them 3 > 2 > 1 > 0.
        for (int n = 0; n < 4; n++) {
            Configuration c = new Configuration(Map.of("lr", 0.001 * (n + 1)));
            trials.add(Trial.create("s" + n, "study", n, Trial.Purpose.SEARCH, c, n, 0, t0));
            facts.add(new Fact.Reported(n, new Rung(0, 1), 0.9 - 0.1 * n));
            trials.add(withValue(Trial.create("c" + n, "study", 10 + n, Trial.Purpose.CHECK, c, n, 0, t0), 0.5 + 0.1 * n));
        }
        // A rung-1 score for two of them: too few pairs to call agreement low.
        facts.add(new Fact.Reported(0, new Rung(1, 3), 0.95));
        facts.add(new Fact.Reported(1, new Rung(1, 3), 0.85));

        Agreement agreement = Agreement.of(facts, trials, Direction.MAXIMIZE, Optional.empty());
        assertThat(agreement.rungs()).hasSize(2);
        Agreement.RungAgreement bottom = agreement.rungs().get(0);
        assertThat(bottom.rung()).isZero();
        assertThat(bottom.pairs()).isEqualTo(4);
        assertThat(bottom.kendallTau()).isCloseTo(-1, within(1e-12));
        assertThat(bottom.spearman()).isCloseTo(-1, within(1e-12));
        assertThat(bottom.low()).isTrue();
        assertThat(agreement.rungs().get(1).pairs()).isEqualTo(2);
        assertThat(agreement.rungs().get(1).low()).isFalse();
        assertThat(agreement.low()).isTrue();
    }

    @Test
    void underDataFidelityTheTopRungIsTheFullDataJudge() {
        List<Trial> trials = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            trials.add(Trial.create("s" + n, "study", n, Trial.Purpose.SEARCH, new Configuration(Map.of("lr", 0.01 * (n + 1))), n, 0,
                    Instant.EPOCH));
            facts.add(new Fact.Reported(n, new Rung(0, 1), 0.5 + 0.1 * n));
            facts.add(new Fact.Reported(n, new Rung(2, 9), 0.6 + 0.1 * n));
        }
        Agreement agreement = Agreement.of(facts, trials, Direction.MAXIMIZE, Optional.of(2));
        assertThat(agreement.rungs()).extracting(Agreement.RungAgreement::rung).containsExactly(0);
        assertThat(agreement.rungs().get(0).kendallTau()).isCloseTo(1, within(1e-12));
        assertThat(agreement.low()).isFalse();
    }

    private static Trial withValue(Trial t, double value) {
        return new Trial(t.id(), t.studyId(), t.number(), t.purpose(), t.state(), t.configuration(), t.seed(), t.attempt(), t.bracket(),
                t.rung(), 1, Optional.of(value), 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), t.createdAt(), t.updatedAt());
    }
}
