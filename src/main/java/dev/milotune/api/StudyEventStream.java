package dev.milotune.api;

import dev.milotune.machine.StudyEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The orchestrator's study events, broadcast to every open event stream. Each stream has a buffer
 * of its own: the orchestrator fires bursts (an outcome, a promotion, a dispatch in one step) faster
 * than a client's connection asks for them, and a stream that falls {@value #BUFFER} events behind
 * ends (the browser's EventSource reconnects) without holding up the orchestrator or the other
 * streams. A study's stream ends after the event that ends the study.
 */
@ApplicationScoped
class StudyEventStream {

    static final int BUFFER = 1024;
    private static final Logger LOG = Logger.getLogger(StudyEventStream.class);

    /**
     * An event as streamed: {@code type} names the event, {@code kind} groups them for the page
     * ({@code state}, {@code phase}, {@code trial}, {@code epoch}, {@code best}, {@code plan}),
     * {@code detail} is a short text (a state, "epoch 3", a value).
     */
    record EventView(String type, String studyId, String kind, String trialId, String detail, Instant at) {

        static EventView of(StudyEvent e) {
            String type = e.getClass().getSimpleName();
            return switch (type) {
                case "StateChanged" -> view(e, "state", null, ((StudyEvent.StateChanged) e).state().name()
                        + (((StudyEvent.StateChanged) e).reason() == null ? "" : ": " + ((StudyEvent.StateChanged) e).reason()));
                case "PhaseChanged" -> view(e, "phase", null, ((StudyEvent.PhaseChanged) e).phase().name());
                case "TrialQueued" -> view(e, "trial", ((StudyEvent.TrialQueued) e).trialId(), "QUEUED");
                case "TrialStarted" -> view(e, "trial", ((StudyEvent.TrialStarted) e).trialId(), "RUNNING");
                case "EpochReported" -> view(e, "epoch", ((StudyEvent.EpochReported) e).trialId(),
                        "epoch " + ((StudyEvent.EpochReported) e).epoch());
                case "TrialSettled" -> view(e, "trial", ((StudyEvent.TrialSettled) e).trialId(),
                        ((StudyEvent.TrialSettled) e).state().name());
                case "TrialRetried" -> view(e, "trial", ((StudyEvent.TrialRetried) e).trialId(), "RETRY");
                case "BestChanged" -> view(e, "best", ((StudyEvent.BestChanged) e).trialId(),
                        String.format(Locale.ROOT, "%.4f", ((StudyEvent.BestChanged) e).value()));
                default -> view(e, "plan", null, ((StudyEvent.Planning) e).detail());
            };
        }

        private static EventView view(StudyEvent e, String kind, String trialId, String detail) {
            return new EventView(e.getClass().getSimpleName(), e.studyId(), kind, trialId, detail, e.at());
        }

        /** The study's last event: it ended. */
        boolean ends() {
            return kind.equals("state") && (detail.startsWith("COMPLETED") || detail.startsWith("FAILED")
                    || detail.startsWith("CANCELLED"));
        }
    }

    private final BroadcastProcessor<EventView> processor = BroadcastProcessor.create();

    void onEvent(@Observes StudyEvent event) {
        try {
            processor.onNext(EventView.of(event));
        } catch (RuntimeException e) {
            // A broken client stream must never fail the orchestrator step that fired the event.
            LOG.debugf(e, "event for study %s not streamed", event.studyId());
        }
    }

    /** The study's events from now on, up to and including the one that ends it. */
    Multi<EventView> forStudy(String studyId) {
        return forStudy(studyId, Optional::empty);
    }

    /**
     * The study's events from now on, up to and including the one that ends it. {@code ended} says
     * how the study ended, if it has; it is asked once the stream listens, so a study that ends just
     * before (its last event missed) still ends the stream.
     */
    Multi<EventView> forStudy(String studyId, Supplier<Optional<EventView>> ended) {
        return Multi.createFrom().<EventView>emitter(out -> {
            Cancellable upstream = processor.filter(p -> p.studyId().equals(studyId)).subscribe().with(item -> {
                out.emit(item);
                if (item.ends()) {
                    out.complete();
                }
            }, out::fail, out::complete);
            out.onTermination(upstream::cancel);
            // Asked off the I/O thread the stream may be subscribed on: it may read the database.
            Infrastructure.getDefaultWorkerPool().execute(() -> ended.get().ifPresent(last -> {
                out.emit(last);
                out.complete();
            }));
        }, BackPressureStrategy.ERROR).onOverflow().buffer(BUFFER);
    }
}
