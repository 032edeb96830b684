package dev.milotune.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aHeartbeatRoundTrips() {
        Heartbeat beat = new Heartbeat(Heartbeat.VERSION, "w/1", "host", 2, 1, "cpu", List.of(TASK.running(4)), T, T.plusSeconds(5), "builtin");
        String json = Wire.encode(beat);
        assertThat(json).contains("\"type\":\"heartbeat\"").contains("\"sentAt\":\"2026-11-25T12:00:05Z\"");
        assertThat(Wire.decode(json, WorkerMessage.class)).isEqualTo(beat);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = "{\"type\":\"heartbeat\",\"v\":3,\"workerId\":\"w\",\"host\":\"h\",\"slots\":1,\"busySlots\":0,\"running\":[],"
                + "\"pool\":\"builtin\",\"device\":\"cpu\",\"startedAt\":\"2026-11-25T12:00:00Z\",\"sentAt\":\"2026-11-25T12:00:00Z\",\"gpuMemory\":42}";
        assertThat(Wire.decode(json, WorkerMessage.class)).isInstanceOf(Heartbeat.class);
    }

    @Test
    void ruleBreaksNameTheFieldTheValueAndTheRule() {
        assertThatThrownBy(() -> Wire.decode(heartbeat("\"v\":1"), WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessage("v is 1, but must be 3");
        assertThatThrownBy(() -> Wire.decode(heartbeat("\"v\":3,\"slots\":-1"), WorkerMessage.class))
                .hasMessage("slots is -1, but must be in [0, 1024]");
        assertThatThrownBy(() -> Wire.decode(heartbeat("\"v\":3,\"slots\":2147483647"), WorkerMessage.class))
                .hasMessage("slots is 2147483647, but must be in [0, 1024]");
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"heartbeat\",\"v\":1}", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"gossip\",\"v\":1}", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("gossip");
        assertThatThrownBy(() -> Wire.decode("not json", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not a valid WorkerMessage record");
        assertThatThrownBy(() -> Wire.decode("", WorkerMessage.class))
                .hasMessage("empty message, expected a WorkerMessage JSON record");
    }

    static final String STUDY = "4f1c1a3e-7d1b-4c55-9a43-0f1d2b3c4d5e";
    static final String TRIAL = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    static final SegmentSeals SEALS = new SegmentSeals(new byte[32]);
    static final TrialTask TASK = new TrialTask(TrialTask.VERSION, STUDY, TRIAL, 3, 1, 7L, "mlp", java.util.Map.of("hidden", 32L),
            new TrialTask.DatasetRef("fashion-mnist", "abc", "pixel-pca"), new TrialTask.SubsetRef("full", null, 1.0, 0.5, 1),
            "validation_accuracy", 3, 9, 9, "x/y.ckpt", false, T, 1.0, SEALS.seal(STUDY, TRIAL, 1, 3, 9));

    @Test
    void idsAreUuidsAndNamesCannotLeaveTheirDirectory() {
        assertThatThrownBy(() -> withStudy("../../../../tmp/x")).isInstanceOf(MalformedMessageException.class)
                .hasMessage("studyId is '../../../../tmp/x', but must be a lower-case UUID");
        assertThatThrownBy(() -> new TrialTask.DatasetRef("../etc", "abc", "pixel-pca")).hasMessageStartingWith("dataset.name is '../etc'");
        assertThatThrownBy(() -> new TrialTask.SubsetRef("milo", "../../plan", 0.1, 0.5, 1))
                .hasMessageStartingWith("subset.planId is '../../plan', but must be 64 lower-case hex digits");
    }

    @Test
    void metricsAreFiniteAndInRangeAndEpochsInsideTheirSegment() {
        assertThat(TASK.report(5, 0.3, 0.4, 0.9, 1.5, 600, "cpu", "w/1", T).epoch()).isEqualTo(5);
        assertThatThrownBy(() -> TASK.report(50, 0.3, 0.4, 0.9, 1.5, 600, "cpu", "w/1", T))
                .hasMessage("epoch is 50, but must be in the segment [3, 9)");
        assertThatThrownBy(() -> TASK.report(5, 0.3, 0.4, 1e308, 1.5, 600, "cpu", "w/1", T))
                .hasMessage("validationAccuracy is 1.0E308, but must be a finite number in [0.0, 1.0]");
        assertThatThrownBy(() -> TASK.report(5, 0.3, 0.4, 0.9, 1e300, 600, "cpu", "w/1", T))
                .hasMessageStartingWith("epochSeconds is 1.0E300, but must be a finite number in [0.0, 604800.0]");
        assertThatThrownBy(() -> TASK.report(5, Double.NaN, 0.4, 0.9, 1, 600, "cpu", "w/1", T)).hasMessageStartingWith("trainLoss is NaN");
        assertThatThrownBy(() -> TASK.outcome(SegmentOutcome.Status.COMPLETED, null, false, "c", 7.0, "cpu", "w/1", T))
                .hasMessageStartingWith("testAccuracy is 7.0");
    }

    @Test
    void aSealBindsAMessageToTheSegmentItWasSent() {
        SEALS.check(TASK.report(5, 0.3, 0.4, 0.9, 1.5, 600, "cpu", "w/1", T));
        SEALS.check(TASK.outcome(SegmentOutcome.Status.COMPLETED, null, false, "c", null, "cpu", "w/1", T));
        SEALS.check(new Heartbeat(Heartbeat.VERSION, "w/1", "host", 2, 1, "cpu", List.of(TASK.running(4)), T, T, "builtin"));

        String other = "0a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        // Another trial, another study, another attempt, other epochs: the same seal does not fit.
        for (EpochReport forged : List.of(
                new EpochReport(EpochReport.VERSION, STUDY, other, 1, 3, 9, TASK.seal(), 5, 0.3, 0.4, 0.9, 1, 600, "cpu", "w", T, java.util.Map.of()),
                new EpochReport(EpochReport.VERSION, other, TRIAL, 1, 3, 9, TASK.seal(), 5, 0.3, 0.4, 0.9, 1, 600, "cpu", "w", T, java.util.Map.of()),
                new EpochReport(EpochReport.VERSION, STUDY, TRIAL, 2, 3, 9, TASK.seal(), 5, 0.3, 0.4, 0.9, 1, 600, "cpu", "w", T, java.util.Map.of()),
                new EpochReport(EpochReport.VERSION, STUDY, TRIAL, 1, 0, 50, TASK.seal(), 40, 0.3, 0.4, 0.9, 1, 600, "cpu", "w", T, java.util.Map.of()))) {
            assertThatThrownBy(() -> SEALS.check(forged)).isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("no such segment was sent");
        }
        assertThatThrownBy(() -> new SegmentSeals(new byte[32]).check(new Heartbeat(Heartbeat.VERSION, "w/1", "host", 1, 1, "cpu",
                List.of(new Heartbeat.RunningSegment(STUDY, other, 0, 0, 1, "guess", 0)), T, T, "builtin")))
                .hasMessageStartingWith("running.seal does not match");
        // Another key makes other seals.
        byte[] key = new byte[32];
        key[0] = 1;
        assertThat(new SegmentSeals(key).seal(STUDY, TRIAL, 1, 3, 9)).isNotEqualTo(TASK.seal());
    }

    private static TrialTask withStudy(String studyId) {
        return new TrialTask(TrialTask.VERSION, studyId, TRIAL, 3, 1, 7L, "mlp", java.util.Map.of(), TASK.dataset(), TASK.subset(),
                "validation_accuracy", 3, 9, 9, null, false, T, 1.0, "s");
    }

    private static String heartbeat(String versionAndOverrides) {
        String slots = versionAndOverrides.contains("slots") ? "" : ",\"slots\":1";
        return "{\"type\":\"heartbeat\"," + versionAndOverrides + slots + ",\"workerId\":\"w\",\"host\":\"h\",\"busySlots\":0,\"running\":[],"
                + "\"device\":\"cpu\",\"pool\":\"builtin\",\"startedAt\":\"2026-11-25T12:00:00Z\",\"sentAt\":\"2026-11-25T12:00:00Z\"}";
    }
}
