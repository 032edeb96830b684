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
        Heartbeat beat = new Heartbeat(1, "w/1", "host", 2, 1, "cpu", List.of(new Heartbeat.RunningSegment("t-1", 0, 4)), T, T.plusSeconds(5));
        String json = Wire.encode(beat);
        assertThat(json).contains("\"type\":\"heartbeat\"").contains("\"sentAt\":\"2026-11-25T12:00:05Z\"");
        assertThat(Wire.decode(json, WorkerMessage.class)).isEqualTo(beat);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = "{\"type\":\"heartbeat\",\"v\":1,\"workerId\":\"w\",\"host\":\"h\",\"slots\":1,\"busySlots\":0,\"running\":[],"
                + "\"device\":\"cpu\",\"startedAt\":\"2026-11-25T12:00:00Z\",\"sentAt\":\"2026-11-25T12:00:00Z\",\"gpuMemory\":42}";
        assertThat(Wire.decode(json, WorkerMessage.class)).isInstanceOf(Heartbeat.class);
    }

    @Test
    void ruleBreaksNameTheFieldTheValueAndTheRule() {
        assertThatThrownBy(() -> Wire.decode(heartbeat("\"v\":2"), WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessage("v is 2, but must be 1");
        assertThatThrownBy(() -> Wire.decode(heartbeat("\"v\":1,\"slots\":-1"), WorkerMessage.class))
                .hasMessage("slots is -1, but must be >= 0");
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"heartbeat\",\"v\":1}", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"gossip\",\"v\":1}", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("gossip");
        assertThatThrownBy(() -> Wire.decode("not json", WorkerMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not a valid WorkerMessage record");
        assertThatThrownBy(() -> Wire.decode("", WorkerMessage.class))
                .hasMessage("empty message, expected a WorkerMessage JSON record");
    }

    private static String heartbeat(String versionAndOverrides) {
        String slots = versionAndOverrides.contains("slots") ? "" : ",\"slots\":1";
        return "{\"type\":\"heartbeat\"," + versionAndOverrides + slots + ",\"workerId\":\"w\",\"host\":\"h\",\"busySlots\":0,\"running\":[],"
                + "\"device\":\"cpu\",\"startedAt\":\"2026-11-25T12:00:00Z\",\"sentAt\":\"2026-11-25T12:00:00Z\"}";
    }
}
