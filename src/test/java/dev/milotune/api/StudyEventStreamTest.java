package dev.milotune.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milotune.machine.StudyEvent;
import dev.milotune.study.StudyState;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudyEventStreamTest {

    private static StudyEvent event(String study, int i) {
        return new StudyEvent.EpochReported(study, "t" + i, 0, i, 0.5, Instant.EPOCH);
    }

    @Test
    void aBurstFasterThanTheClientAsksIsBufferedNotFailed() {
        StudyEventStream stream = new StudyEventStream();
        AssertSubscriber<StudyEventStream.EventView> slow = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(1));
        AssertSubscriber<StudyEventStream.EventView> other = stream.forStudy("b").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        IntStream.range(0, 50).forEach(i -> {
            stream.onEvent(event("a", i));
            stream.onEvent(event("b", i));
        });
        slow.assertNotTerminated();
        assertThat(slow.getItems()).hasSize(1);

        slow.request(100);
        assertThat(slow.getItems()).extracting(StudyEventStream.EventView::trialId)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "t" + i).toList());
        assertThat(slow.getItems().get(3)).extracting(StudyEventStream.EventView::kind, StudyEventStream.EventView::detail,
                StudyEventStream.EventView::type).containsExactly("epoch", "epoch 3", "EpochReported");
        assertThat(other.getItems()).hasSize(50).allMatch(p -> p.studyId().equals("b"));
    }

    @Test
    void aStreamFarBehindEndsAloneAndTheOthersGoOn() {
        StudyEventStream stream = new StudyEventStream();
        AssertSubscriber<StudyEventStream.EventView> stuck = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<StudyEventStream.EventView> live = stream.forStudy("a").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        IntStream.range(0, StudyEventStream.BUFFER + 10).forEach(i -> stream.onEvent(event("a", i)));

        assertThat(stuck.getFailure()).isNotNull();
        live.assertNotTerminated();
        assertThat(live.getItems()).hasSize(StudyEventStream.BUFFER + 10);
    }

    @Test
    void aStudysStreamEndsWithTheEventThatEndsTheStudy() {
        StudyEventStream stream = new StudyEventStream();
        AssertSubscriber<StudyEventStream.EventView> a = stream.forStudy("a").subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<StudyEventStream.EventView> b = stream.forStudy("b").subscribe().withSubscriber(AssertSubscriber.create(10));

        stream.onEvent(event("a", 1));
        stream.onEvent(new StudyEvent.StateChanged("a", StudyState.COMPLETED, null, Instant.EPOCH));
        stream.onEvent(event("a", 2));

        a.assertCompleted();
        assertThat(a.getItems()).extracting(StudyEventStream.EventView::detail).containsExactly("epoch 1", "COMPLETED");
        b.assertNotTerminated();
    }
}
