package dev.milotune.messaging;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.orchestration.TrialDispatch;
import dev.milotune.study.StudySpec;
import dev.milotune.wire.Cancel;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Trial tasks, cancels and plans onto their topics; each send waits for the broker's ack. */
@ApplicationScoped
class KafkaTrialDispatch implements TrialDispatch {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // A dispatch may send a segment to every free slot of the fleet at once.
    @Channel(Channels.TRIALS_OUT)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> trials;

    @Channel(Channels.CONTROL_OUT)
    Emitter<String> control;

    @Channel(Channels.PLANS_OUT)
    Emitter<byte[]> plans;

    @Inject
    KafkaTopics topics;

    @Inject
    MilotuneConfig config;

    /** Pools whose tasks topic is known to exist. */
    private final Set<String> pools = ConcurrentHashMap.newKeySet();

    @Override
    public java.util.concurrent.CompletionStage<Void> sendAll(String pool, List<TrialTask> tasks) {
        String topic = KafkaTopics.trialsTopic(config.topics(), pool);
        if (!StudySpec.WorkerSpec.BUILTIN.equals(pool) && !pools.contains(pool)) {
            topics.ensurePool(pool);
            pools.add(pool);
        }
        return Acks.sendAll(trials, tasks.stream().map(task -> Message.of(Wire.encode(task)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(task.trialId()).withTopic(topic).build())).toList());
    }

    @Override
    public void cancel(Cancel cancel) {
        Acks.await(control, keyed(cancel.studyId(), Wire.encode(cancel)), TIMEOUT);
    }

    @Override
    public void publishPlan(String planId, byte[] plan) {
        Acks.await(plans, keyed(planId, plan), TIMEOUT);
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
