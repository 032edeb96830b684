package dev.milotune.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/** What a completed study's trials must show after faults: nothing lost, nothing twice. */
final class StudyChecks {

    private StudyChecks() {
    }

    /**
     * Every search trial COMPLETED (at the top rung, {@code maxEpochs} epochs) or PRUNED at a rung
     * (its epochs are one of {@code rungEpochs}), none failed; one completed retrain; every (attempt,
     * epoch) reported once; each trial's reports cover every epoch from 0 to epochsDone - 1, and its
     * final attempt's reports run without a gap from its first epoch to epochsDone - 1.
     */
    static void completeAndUnique(JsonNode trials, int searchTrials, int maxEpochs, List<Integer> rungEpochs) {
        int search = 0;
        int retrains = 0;
        for (JsonNode t : trials) {
            JsonNode trial = t.path("trial");
            int number = trial.path("number").asInt();
            String state = trial.path("state").asText();
            int epochsDone = trial.path("epochsDone").asInt();
            if (trial.path("purpose").asText().equals("SEARCH")) {
                search++;
                assertThat(List.of("COMPLETED", "PRUNED")).as("trial %d: %s", number, trial.path("error")).contains(state);
                if (state.equals("COMPLETED")) {
                    assertThat(epochsDone).as("completed trial %d reached R", number).isEqualTo(maxEpochs);
                } else {
                    assertThat(rungEpochs).as("pruned trial %d stopped at a rung", number).contains(epochsDone);
                }
            } else {
                retrains++;
                assertThat(state).as("the retrain: %s", trial.path("error")).isEqualTo("COMPLETED");
                assertThat(epochsDone).isEqualTo(maxEpochs);
            }
            Set<String> keys = new HashSet<>();
            TreeSet<Integer> epochs = new TreeSet<>();
            TreeSet<Integer> finalAttempt = new TreeSet<>();
            for (JsonNode r : t.path("reports")) {
                assertThat(keys.add(r.path("attempt").asInt() + "/" + r.path("epoch").asInt()))
                        .as("report %s of trial %d is unique", r, number).isTrue();
                epochs.add(r.path("epoch").asInt());
                if (r.path("attempt").asInt() == trial.path("attempt").asInt()) {
                    finalAttempt.add(r.path("epoch").asInt());
                }
            }
            assertThat(epochs).as("epochs reported for trial %d", number)
                    .containsExactlyElementsOf(IntStream.range(0, epochsDone).boxed().toList());
            if (!finalAttempt.isEmpty()) {
                assertThat(finalAttempt).as("epochs of trial %d's final attempt", number)
                        .containsExactlyElementsOf(IntStream.range(finalAttempt.first(), epochsDone).boxed().toList());
            }
        }
        assertThat(search).isEqualTo(searchTrials);
        assertThat(retrains).isEqualTo(1);
    }
}
