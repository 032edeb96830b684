package dev.milotune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.milotune.data.DataDirectory;
import dev.milotune.data.Datasets;
import dev.milotune.data.SplitSpec;
import dev.milotune.orchestration.PlanService;
import dev.milotune.testing.KafkaBrokerResource;
import dev.milotune.testing.TopicClient;
import dev.milotune.wire.EpochReport;
import dev.milotune.wire.SegmentOutcome;
import dev.milotune.wire.TrialTask;
import dev.milotune.wire.Wire;
import dev.milotune.wire.WorkerMessage;
import dev.milotune.config.MilotuneConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MILO's curriculum inside the worker, across segments: a trial trained in one segment, in two
 * segments on the same worker (the model kept warm), and in two segments with the second retried on
 * another worker (from the checkpoint) trains on the same subset every epoch and ends with the same
 * losses. A wrong epoch subset, a lost optimiser state or a curriculum phase computed from the
 * segment instead of the schedule would make the losses part.
 */
@QuarkusTest
@Tag("service")
class SegmentsAcrossWorkersTest {

    @Inject
    TrialRunner runner;
    @Inject
    PlanService plans;
    @Inject
    MilotuneConfig config;

    @Test
    void aTrialTrainsTheSameWhereverAndHoweverItsSegmentsRun() throws Exception {
        String planId = plans.ensure(new PlanService.PlanRequest("fixture-fashion-mnist", "pixel-pca", List.of(0.3))).get().get(0);
        String hash = Datasets.load("fixture-fashion-mnist", new DataDirectory(config.dataDir()), SplitSpec.defaults()).contentHash();

        String straight = UUID.randomUUID().toString();
        runner.run(task(straight, 0, 0, 4, null, planId, hash));

        String warm = UUID.randomUUID().toString();
        runner.run(task(warm, 0, 0, 2, null, planId, hash));
        runner.run(task(warm, 0, 2, 4, outcome(warm, 0).checkpoint(), planId, hash));

        String moved = UUID.randomUUID().toString();
        runner.run(task(moved, 0, 0, 2, null, planId, hash));
        String checkpoint = outcome(moved, 0).checkpoint();
        // Another worker holds no model of it: it resumes from the checkpoint, as attempt 1.
        runner.forgetWarmModels();
        runner.run(task(moved, 1, 2, 4, checkpoint, planId, hash));

        List<EpochReport> a = reports(straight, 4);
        List<EpochReport> b = reports(warm, 4);
        List<EpochReport> c = reports(moved, 4);
        for (int e = 0; e < 4; e++) {
            assertThat(b.get(e).trainLoss()).as("epoch %d on one worker in two segments", e).isCloseTo(a.get(e).trainLoss(), within(1e-6));
            assertThat(c.get(e).trainLoss()).as("epoch %d retried on another worker", e).isCloseTo(a.get(e).trainLoss(), within(1e-6));
            assertThat(c.get(e).validationAccuracy()).isCloseTo(a.get(e).validationAccuracy(), within(1e-9));
            assertThat(c.get(e).itemsSeen()).isEqualTo(a.get(e).itemsSeen());
        }
        assertThat(c.get(2).attempt()).isEqualTo(1);
    }

    private static final String STUDY = UUID.randomUUID().toString();

    private static TrialTask task(String trialId, int attempt, int from, int to, String checkpoint, String planId, String hash) {
        return new TrialTask(TrialTask.VERSION, STUDY, trialId, 0, attempt, 5L, "mlp",
                Map.of("batchSize", 32L, "hidden", 32L, "lr", 0.01), new TrialTask.DatasetRef("fixture-fashion-mnist", hash, "pixel-pca"),
                new TrialTask.SubsetRef("milo", planId, 0.3, 0.5, 1), "validation_accuracy", from, to, 4, checkpoint, false,
                Instant.now(), 1.0, "seal-of-" + trialId + "-" + attempt);
    }

    private static List<WorkerMessage> messages(String trialId, java.util.function.Predicate<List<WorkerMessage>> done) {
        List<WorkerMessage> found = new java.util.ArrayList<>();
        TopicClient.read(KafkaBrokerResource.bootstrapServers(), "milotune.reports", records -> {
            found.clear();
            records.stream().filter(r -> trialId.equals(r.key())).map(r -> Wire.decode(r.value(), WorkerMessage.class)).forEach(found::add);
            return done.test(found);
        }, Duration.ofSeconds(30), Duration.ZERO);
        return found;
    }

    private static SegmentOutcome outcome(String trialId, int attempt) {
        return messages(trialId, m -> m.stream().anyMatch(x -> x instanceof SegmentOutcome o && o.attempt() == attempt)).stream()
                .filter(x -> x instanceof SegmentOutcome o && o.attempt() == attempt).map(SegmentOutcome.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome of attempt " + attempt + " of trial " + trialId));
    }

    /** The trial's epoch reports by epoch (the latest attempt's where an epoch was reported twice). */
    private static List<EpochReport> reports(String trialId, int epochs) {
        List<EpochReport> all = messages(trialId, m -> m.stream().filter(EpochReport.class::isInstance).count() >= epochs).stream()
                .filter(EpochReport.class::isInstance).map(EpochReport.class::cast).toList();
        EpochReport[] byEpoch = new EpochReport[epochs];
        for (EpochReport r : all) {
            if (byEpoch[r.epoch()] == null || r.attempt() > byEpoch[r.epoch()].attempt()) {
                byEpoch[r.epoch()] = r;
            }
        }
        return List.of(byEpoch);
    }
}
