package dev.milotune.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.orchestration.StudyProgress;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudyEventStreamTest {

    private static StudyProgress event(String study, int i) {
        return new StudyProgress(study, "EPOCH", "t" + i, "epoch " + i, Instant.EPOCH);
    }

    @Test
    void aBurstFasterThanTheClientAsksIsBufferedNotFailed() {
        StudyEventStream stream = new StudyEventStream();
        AssertSubscriber<StudyProgress> slow = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(1));
        AssertSubscriber<StudyProgress> other = stream.forStudy("b").subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        IntStream.range(0, 50).forEach(i -> {
            stream.onProgress(event("a", i));
            stream.onProgress(event("b", i));
        });
        slow.assertNotTerminated();
        assertThat(slow.getItems()).hasSize(1);

        slow.request(100);
        assertThat(slow.getItems()).extracting(StudyProgress::trialId)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "t" + i).toList());
        assertThat(other.getItems()).hasSize(50).allMatch(p -> p.studyId().equals("b"));
    }

    @Test
    void aStreamFarBehindEndsAloneAndTheOthersGoOn() {
        StudyEventStream stream = new StudyEventStream();
        AssertSubscriber<StudyProgress> stuck = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<StudyProgress> live = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        IntStream.range(0, StudyEventStream.BUFFER + 10).forEach(i -> stream.onProgress(event("a", i)));

        assertThat(stuck.getFailure()).isNotNull();
        live.assertNotTerminated();
        assertThat(live.getItems()).hasSize(StudyEventStream.BUFFER + 10);
    }
}
