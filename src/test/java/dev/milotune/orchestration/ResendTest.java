package dev.milotune.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.space.Configuration;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialState;
import dev.milotune.wire.SegmentSeals;
import dev.milotune.wire.TrialTask;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A send Kafka refused is sent again only for the segments still queued as they were sent. */
class ResendTest {

    private static final String STUDY = "4f1c1a3e-7d1b-4c55-9a43-0f1d2b3c4d5e";
    private static final Instant T = Instant.parse("2026-12-08T00:00:00Z");
    private static final SegmentSeals SEALS = new SegmentSeals(new byte[32]);

    @Test
    void onlyTasksWhoseTrialIsStillQueuedForTheSameAttemptAndEpochsGoAgain() {
        Trial base = Trial.create("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c60", STUDY, 0, Trial.Purpose.SEARCH, Configuration.empty(), 7L, 0, T);
        Trial queued = base.dispatched(new Trial.Segment(1, 3, 9, T.plusSeconds(60)), 1, T);
        TrialTask sent = task(queued.id(), 1, 3, 9);

        assertThat(Conductor.stillQueued(List.of(sent), t -> Optional.of(queued))).containsExactly(sent);
        // Started meanwhile (a copy got through), retried as another attempt, cancelled, or unknown: not again.
        assertThat(Conductor.stillQueued(List.of(sent), t -> Optional.of(queued.started(T.plusSeconds(120), T)))).isEmpty();
        assertThat(Conductor.stillQueued(List.of(task(queued.id(), 0, 3, 9)), t -> Optional.of(queued))).isEmpty();
        assertThat(Conductor.stillQueued(List.of(task(queued.id(), 1, 0, 3)), t -> Optional.of(queued))).isEmpty();
        assertThat(Conductor.stillQueued(List.of(sent), t -> Optional.of(queued.ended(TrialState.CANCELLED, T)))).isEmpty();
        assertThat(Conductor.stillQueued(List.of(sent), t -> Optional.empty())).isEmpty();
    }

    private static TrialTask task(String trialId, int attempt, int from, int to) {
        return new TrialTask(TrialTask.VERSION, STUDY, trialId, 0, attempt, 7L, "mlp", Map.of("hidden", 32L),
                new TrialTask.DatasetRef("fashion-mnist", "abc", "pixel-pca"), new TrialTask.SubsetRef("full", null, 1.0, 0.5, 1),
                "validation_accuracy", from, to, 9, from == 0 ? null : "x/y.ckpt", false, T, 1.0, SEALS.seal(STUDY, trialId, attempt, from, to));
    }
}
