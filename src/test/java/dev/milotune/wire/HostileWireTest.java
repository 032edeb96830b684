package dev.milotune.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile messages (seeded): valid reports, outcomes and heartbeats with one to three
 * fields replaced by hostile values. Each is either refused with a {@link MalformedMessageException}
 * (nothing else may escape the decoder and the seal check), or, having passed both, still speaks
 * only for the segment it was sealed for.
 */
class HostileWireTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Object[] HOSTILE = {"../../../../tmp/x", "", " ", "\n\r\u0000", "x".repeat(100_000), -1, 0, 1, 2, 50, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, "18446744073709551621", 1e308, -1e308, 1e300, 4.9e-324, "NaN", "Infinity", true, null,
        "9999-12-31T23:59:59Z", "not-a-date", "COMPLETED", "FAILED", "gossip", new int[0]};

    @Test
    void aThousandHostileMessagesAreRefusedOrSpeakOnlyForTheirOwnSegment() throws Exception {
        SegmentSeals seals = new SegmentSeals(new byte[32]);
        SplittableRandom random = new SplittableRandom(20261207);
        Instant t = Instant.parse("2026-12-07T00:00:00Z");
        TrialTask task = WireTest.TASK;
        List<String> valid = List.of(
                Wire.encode(task.report(5, 0.3, 0.4, 0.9, 1.5, 600, "cpu", "w/1", t)),
                Wire.encode(task.outcome(SegmentOutcome.Status.COMPLETED, null, false, "c.ckpt", 0.8, "cpu", "w/1", t)),
                Wire.encode(new Heartbeat(Heartbeat.VERSION, "w/1", "h", 2, 1, "cpu", List.of(task.running(4)), t, t, "builtin")));
        int refused = 0;
        for (int i = 0; i < 1_000; i++) {
            ObjectNode message = (ObjectNode) JSON.readTree(valid.get(random.nextInt(valid.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(message, random);
            }
            String json = JSON.writeValueAsString(message);
            try {
                WorkerMessage decoded = Wire.decode(json, WorkerMessage.class);
                seals.check(decoded);
                assertThat(segmentOf(decoded)).as("accepted: %s", json).allMatch(s -> s.equals(List.of(task.studyId(), task.trialId(),
                        task.attempt(), task.epochFrom(), task.epochTo())));
            } catch (MalformedMessageException e) {
                refused++;
                assertThat(e.getMessage()).as("a reason for %s", json).isNotBlank();
            }
        }
        // Most mutations break a rule; the few that do not change only what the rules allow.
        assertThat(refused).isGreaterThan(700);
    }

    private static List<List<Object>> segmentOf(WorkerMessage m) {
        if (m instanceof EpochReport r) {
            return List.of(List.of(r.studyId(), r.trialId(), r.attempt(), r.epochFrom(), r.epochTo()));
        } else if (m instanceof SegmentOutcome o) {
            return List.of(List.of(o.studyId(), o.trialId(), o.attempt(), o.epochFrom(), o.epochTo()));
        }
        List<List<Object>> out = new ArrayList<>();
        for (Heartbeat.RunningSegment s : ((Heartbeat) m).running()) {
            out.add(List.of(s.studyId(), s.trialId(), s.attempt(), s.epochFrom(), s.epochTo()));
        }
        return out;
    }

    /** Replaces one field, at the top or inside {@code running}, by a hostile value. */
    private static void mutate(ObjectNode message, SplittableRandom random) {
        ObjectNode target = message;
        JsonNode running = message.get("running");
        if (running != null && running.size() > 0 && random.nextBoolean()) {
            target = (ObjectNode) running.get(0);
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        String field = fields.get(random.nextInt(fields.size()));
        Object value = HOSTILE[random.nextInt(HOSTILE.length)];
        target.set(field, JSON.valueToTree(value));
    }
}
