package dev.milotune.api;

import dev.milotune.orchestration.StudyService;
import dev.milotune.study.Study;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API shows of studies and trials; domain records never leave as they are. */
final class StudyViews {

    private StudyViews() {
    }

    record StudyView(String id, String name, String state, String phase, long seed, String dataset, String modelFamily,
            String subsetStrategy, double subsetFraction, String scheduler, String fidelity, String sampler, String objective,
            String direction, int maxTrials, int trialsStarted, int trialsFinished, List<String> planIds, Double bestValue,
            String bestTrialId, Double finalTestAccuracy, String error, AgreementView agreement, Instant createdAt, Instant startedAt,
            Instant finishedAt, Map<String, Object> spec, String workerPool, int workerPoolSlots) {
    }

    /**
     * How far the study's rungs agree with full data: per rung, Kendall's tau and Spearman's rho over
     * the configurations that have both; {@code low} when a rung with at least 3 of them has tau below 0.5.
     */
    record AgreementView(boolean low, String summary, List<RungAgreementView> rungs) {

        static AgreementView of(dev.milotune.machine.Agreement a) {
            List<RungAgreementView> rungs = a.rungs().stream().map(r -> new RungAgreementView(r.rung(), r.pairs(),
                    finite(r.kendallTau()), finite(r.spearman()), r.low())).toList();
            String summary = a.rungs().isEmpty() ? "no configuration has both a rung score and a full-data score"
                    : a.rungs().stream().map(r -> String.format(java.util.Locale.ROOT, "rung %d: tau %.2f, rho %.2f over %d", r.rung(),
                            r.kendallTau(), r.spearman(), r.pairs())).collect(java.util.stream.Collectors.joining("; "))
                            + (a.low() ? " (low agreement: the subset ranks do not follow full data)" : "");
            return new AgreementView(a.low(), summary, rungs);
        }

        private static Double finite(double x) {
            return Double.isFinite(x) ? x : null;
        }
    }

    record RungAgreementView(int rung, int pairs, Double kendallTau, Double spearman, boolean low) {
    }

    record TrialView(String id, int number, String purpose, String state, Map<String, Object> configuration, long seed,
            int attempt, int bracket, int rung, int epochsDone, Double bestValue, double trainingSeconds, String device,
            Double testAccuracy, String error, SegmentView segment, Instant createdAt, Instant updatedAt) {

        static TrialView of(Trial t) {
            return new TrialView(t.id(), t.number(), t.purpose().name(), t.state().name(), t.configuration().values(), t.seed(),
                    t.attempt(), t.bracket(), t.rung(), t.epochsDone(), t.bestValue().orElse(null), t.trainingSeconds(),
                    t.device().orElse(null), t.testAccuracy().orElse(null), t.error().orElse(null),
                    t.segment().map(SegmentView::of).orElse(null), t.createdAt(), t.updatedAt());
        }
    }

    /**
     * The segment in flight: epochs [epochFrom, epochTo) towards rung {@code rung}. Until a worker starts
     * it, the lease is the queue timeout; from then on, the lease timeout renewed by each sign of life.
     */
    record SegmentView(int rung, int epochFrom, int epochTo, Instant leaseExpiresAt) {

        static SegmentView of(Trial.Segment s) {
            return new SegmentView(s.rung(), s.epochFrom(), s.epochTo(), s.leaseExpiresAt());
        }
    }

    /**
     * One epoch's report. A worker that reports {@code metrics} (an external one) is read from them
     * only: the losses and accuracy are its metrics of those names, null where it has none.
     */
    record ReportView(int attempt, int epoch, Double trainLoss, Double validationLoss, Double validationAccuracy, double objective,
            double epochSeconds, long itemsSeen, String device, String workerId, Instant reportedAt, Map<String, Double> metrics) {

        static ReportView of(TrialReport r) {
            Map<String, Double> m = r.metrics();
            boolean named = !m.isEmpty();
            return new ReportView(r.attempt(), r.epoch(), named ? m.get("train_loss") : Double.valueOf(r.trainLoss()),
                    named ? m.get("validation_loss") : Double.valueOf(r.validationLoss()), named ? m.get("validation_accuracy") : Double.valueOf(r.validationAccuracy()),
                    r.objective(), r.epochSeconds(), r.itemsSeen(), r.device(), r.workerId(), r.reportedAt(), m);
        }
    }

    record TrialWithReports(TrialView trial, List<ReportView> reports) {
    }

    /** A search trial's place, with the full-data check of its configuration when the study made one. */
    record LeaderboardRow(int rank, TrialView trial, Double fullDataCheck) {
    }

    /**
     * A study's cost and outcome; {@code chosenValue} is the value that chose {@code chosenConfiguration}
     * (its full-data check's when the study checked its leaders, else its best search value).
     */
    record CostView(String studyId, String name, String state, int searchTrials, double tuningSeconds, double retrainSeconds,
            double preprocessingSeconds, double wallSeconds, Map<String, Object> chosenConfiguration, Double chosenValue,
            Double finalTestAccuracy, Double speedup, Double endToEndSpeedup, AgreementView agreement) {

        static CostView of(StudyService.Cost c, StudyService.Cost baseline) {
            double own = c.tuningSeconds();
            Double speedup = baseline == null || own <= 0 ? null : baseline.tuningSeconds() / own;
            double ownTotal = c.tuningSeconds() + c.retrainSeconds() + c.preprocessingSeconds();
            double baseTotal = baseline == null ? 0 : baseline.tuningSeconds() + baseline.retrainSeconds() + baseline.preprocessingSeconds();
            Double endToEnd = baseline == null || ownTotal <= 0 ? null : baseTotal / ownTotal;
            Study s = c.study();
            return new CostView(s.id(), s.name(), s.state().name(), c.searchTrials(), c.tuningSeconds(), c.retrainSeconds(),
                    c.preprocessingSeconds(), c.wallSeconds(), c.chosen().map(t -> t.configuration().values()).orElse(null),
                    c.chosen().flatMap(Trial::bestValue).orElse(null), s.finalTestAccuracy().orElse(null), speedup, endToEnd,
                    AgreementView.of(c.agreement()));
        }
    }

    record Comparison(String baseline, List<CostView> studies) {
    }
}
