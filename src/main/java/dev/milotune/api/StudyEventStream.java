package dev.milotune.api;

import dev.milotune.orchestration.StudyProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The orchestrator's progress events, broadcast to every open event stream. */
@ApplicationScoped
class StudyEventStream {

    private final BroadcastProcessor<StudyProgress> processor = BroadcastProcessor.create();

    void onProgress(@Observes StudyProgress progress) {
        processor.onNext(progress);
    }

    Multi<StudyProgress> forStudy(String studyId) {
        return processor.filter(p -> p.studyId().equals(studyId));
    }
}
