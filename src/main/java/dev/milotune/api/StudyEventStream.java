package dev.milotune.api;

import dev.milotune.orchestration.StudyProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The orchestrator's progress events, broadcast to every open event stream. Each stream has a
 * buffer of its own: the orchestrator fires bursts (an outcome, a promotion, a dispatch in one
 * step) faster than a client's connection asks for them, and a stream that falls
 * {@value #BUFFER} events behind ends (the browser's EventSource reconnects) without holding up
 * the orchestrator or the other streams.
 */
@ApplicationScoped
class StudyEventStream {

    static final int BUFFER = 1024;
    private static final Logger LOG = Logger.getLogger(StudyEventStream.class);

    private final BroadcastProcessor<StudyProgress> processor = BroadcastProcessor.create();

    void onProgress(@Observes StudyProgress progress) {
        try {
            processor.onNext(progress);
        } catch (RuntimeException e) {
            // A broken client stream must never fail the orchestrator step that fired the event.
            LOG.debugf(e, "event for study %s not streamed", progress.studyId());
        }
    }

    Multi<StudyProgress> forStudy(String studyId) {
        return processor.onOverflow().buffer(BUFFER).filter(p -> p.studyId().equals(studyId));
    }
}
