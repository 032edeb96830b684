package dev.milotune.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.milotune.testing.ConsumerLag;
import dev.milotune.messaging.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Processes killed with SIGKILL in the middle of a study, on the packaged artifact: the
 * all-in-one process (orchestrator, workers and the embedded broker at once), and a worker process
 * of a split deployment. The study must complete with the right trials and no duplicate reports.
 */
class FaultToleranceIT {

    static final String SPEC = """
            {
              "name": "fault-tolerance",
              "dataset": {"name": "fixture-fashion-mnist", "encoder": "pixel-pca"},
              "model": {"family": "mlp", "epochs": 8, "fixed": {"batchSize": 8, "layers": 2}},
              "searchSpace": {
                "lr": {"type": "float", "low": 0.0005, "high": 0.01, "log": true},
                "hidden": {"type": "categorical", "choices": [256, 512]}
              },
              "sampler": {"type": "random"},
              "scheduler": {"type": "asha", "r": 1, "R": 8, "eta": 2},
              "maxTrials": 6,
              "maxConcurrentTrials": 2,
              "subset": {"strategy": "milo", "fraction": 0.5},
              "seed": 5,
              "finalRetrain": {"enabled": true, "repeats": 1}
            }
            """;

    /**
     * Shorter than the defaults (2 min lease, 10 s session), so that recovery fits in a test. A lease
     * counts from a segment's start on a worker, so a task waiting behind a restarted worker's
     * redelivered backlog does not use up its attempts.
     */
    static final String[] FAST_RECOVERY = {"-Dmilotune.orchestrator.lease-timeout=PT20S", "-Dmilotune.worker.heartbeat-interval=PT1S",
        "-Dmp.messaging.incoming.trials-in.session.timeout.ms=6000", "-Dmp.messaging.incoming.trials-in.heartbeat.interval.ms=1000"};

    final Path work = Path.of("target", "fault-it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void theWholeProcessKilledMidStudyResumesAndLosesNothing() throws Exception {
        String studyId;
        String firstWorker;
        try (LaunchedApp first = LaunchedApp.startWithFixtures(work, work.resolve("first.log"), FAST_RECOVERY)) {
            studyId = first.post("/api/v1/studies", SPEC).path("id").asText();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> finishedSearchTrials(first, studyId) >= 1 && trainingTrial(first, studyId) != null);
            firstWorker = first.get("/api/v1/workers").get(0).path("id").asText();
            first.kill();
        }
        try (LaunchedApp second = LaunchedApp.startWithFixtures(work, work.resolve("second.log"), FAST_RECOVERY)) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> second.get("/api/v1/studies/" + studyId).path("state").asText().equals("COMPLETED"));
            JsonNode trials = second.get("/api/v1/studies/" + studyId + "/trials");
            assertCompleteAndUnique(trials, 6);
            Set<String> workers = new HashSet<>();
            trials.forEach(t -> t.path("reports").forEach(r -> workers.add(r.path("workerId").asText())));
            assertThat(workers).as("reports from before and after the kill").contains(firstWorker).hasSizeGreaterThan(1);
        }
    }

    @Test
    void aWorkerKilledMidSegmentIsReplacedAndItsTrialRetried() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0)) {
            String kafka = "-Dkafka.bootstrap.servers=" + broker.bootstrapServers();
            // One data dir for all: on Kubernetes the plans, checkpoints and datasets are shared volumes.
            String[] worker = {"-Dmilotune.role=worker", kafka, "-Dmilotune.worker.heartbeat-interval=PT1S",
                "-Dmp.messaging.incoming.trials-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.trials-in.heartbeat.interval.ms=1000"};
            try (LaunchedApp orchestrator = LaunchedApp.startWithFixtures(work, work.resolve("orchestrator.log"),
                    "-Dmilotune.role=orchestrator", kafka, "-Dmilotune.orchestrator.lease-timeout=PT20S",
                    "-Dmilotune.worker.heartbeat-interval=PT1S")) {
                String studyId = null;
                List<String> victims = new java.util.ArrayList<>();
                // The kill can land just after a segment's last epoch, with nothing in flight: then
                // worker A is started again (a new process) and killed again, at most three times.
                for (int round = 0; round < 3 && victims.isEmpty(); round++) {
                    try (LaunchedApp workerA = LaunchedApp.startWithFixtures(work, work.resolve("worker-a-" + round + ".log"), worker)) {
                        if (studyId == null) {
                            studyId = orchestrator.post("/api/v1/studies", SPEC).path("id").asText();
                        }
                        String id = studyId;
                        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                                .until(() -> trainingTrial(orchestrator, id) != null);
                        workerA.kill();
                        // Once the orchestrator has consumed everything worker A sent before it died, a
                        // segment still in flight had epochs left when A died (no other worker exists yet).
                        ConsumerLag.awaitCaughtUp(broker.bootstrapServers(), "milotune-orchestrator", "milotune.reports",
                                Duration.ofSeconds(30));
                        for (JsonNode t : orchestrator.get("/api/v1/studies/" + studyId + "/trials")) {
                            if (midSegment(t)) {
                                victims.add(t.path("trial").path("id").asText());
                            }
                        }
                    }
                }
                assertThat(victims).as("a segment in flight on worker A when it died").isNotEmpty();
                String study = studyId;
                try (LaunchedApp workerB = LaunchedApp.startWithFixtures(work, work.resolve("worker-b.log"), worker)) {
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> orchestrator.get("/api/v1/studies/" + study).path("state").asText().equals("COMPLETED"));
                    JsonNode trials = orchestrator.get("/api/v1/studies/" + study + "/trials");
                    assertCompleteAndUnique(trials, 6);
                    for (JsonNode t : trials) {
                        if (victims.contains(t.path("trial").path("id").asText())) {
                            Set<String> workers = new HashSet<>();
                            t.path("reports").forEach(r -> workers.add(r.path("workerId").asText()));
                            assertThat(workers).as("the segment that worker A was training was trained again by worker B")
                                    .anyMatch(w -> w.endsWith("/" + workerB.process.pid()));
                        }
                    }
                }
            }
        }
    }

    /** Rungs of the spec's ASHA (r 1, R 8, eta 2): the epochs a trial has trained when it reports at each. */
    static final List<Integer> RUNG_EPOCHS = List.of(1, 2, 4, 8);

    private static void assertCompleteAndUnique(JsonNode trials, int searchTrials) {
        StudyChecks.completeAndUnique(trials, searchTrials, 8, RUNG_EPOCHS);
    }

    private static long finishedSearchTrials(LaunchedApp app, String studyId) throws Exception {
        long n = 0;
        for (JsonNode t : app.get("/api/v1/studies/" + studyId + "/trials")) {
            String state = t.path("trial").path("state").asText();
            if (state.equals("COMPLETED") || state.equals("PRUNED") || state.equals("PAUSED")) {
                n++;
            }
        }
        return n;
    }

    /** A trial in the middle of a segment: at least one of its epochs reported, more to come. */
    private static JsonNode trainingTrial(LaunchedApp app, String studyId) throws Exception {
        for (JsonNode t : app.get("/api/v1/studies/" + studyId + "/trials")) {
            JsonNode trial = t.path("trial");
            if (midSegment(t) && trial.path("epochsDone").asInt() > trial.path("segment").path("epochFrom").asInt()) {
                return t;
            }
        }
        return null;
    }

    /** Running, with epochs of its segment still to train. */
    private static boolean midSegment(JsonNode t) {
        JsonNode trial = t.path("trial");
        JsonNode segment = trial.path("segment");
        return trial.path("state").asText().equals("RUNNING") && segment.isObject()
                && trial.path("epochsDone").asInt() < segment.path("epochTo").asInt();
    }
}
