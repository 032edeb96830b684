package dev.milotune.worker;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.study.StudySpec;
import dev.milotune.wire.Heartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends this worker's heartbeat at a fixed interval while the worker role is on. The orchestrator
 * counts free slots from heartbeats and retries the trials of workers that go silent.
 */
@ApplicationScoped
public class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final MilotuneConfig config;
    private final WorkerIdentity identity;
    private final WorkerEvents events;
    private final RunningSegments running;
    private final Clock clock;
    private ScheduledExecutorService timer;

    Heartbeats(MilotuneConfig config, WorkerIdentity identity, WorkerEvents events, RunningSegments running, Clock clock) {
        this.config = config;
        this.identity = identity;
        this.events = events;
        this.running = running;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!config.role().runsWorker()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "milotune-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = config.worker().heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
        LOG.infof("Worker %s started with %d slots", identity.id(), config.worker().slots());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void beat() {
        try {
            var segments = running.snapshot();
            events.send(identity.id(), new Heartbeat(Heartbeat.VERSION, identity.id(), identity.host(),
                    config.worker().slots(), segments.size(), "cpu", segments, identity.startedAt(), clock.instant(),
                    StudySpec.WorkerSpec.BUILTIN));
        } catch (RuntimeException e) {
            // The broker may be briefly away; the next beat tries again.
            LOG.warnf("Heartbeat of %s not sent: %s", identity.id(), e.getMessage());
        }
    }
}
