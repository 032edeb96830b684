package dev.milotune.persistence;

import dev.milotune.orchestration.ReportRepository;
import dev.milotune.study.TrialReport;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Reports are idempotent on (trial, attempt, epoch). The lookup handles redelivery; the table's
 * unique constraint guards against two writers racing (one of them fails its transaction).
 */
@ApplicationScoped
@Transactional
class PanacheReportRepository implements ReportRepository {

    @Override
    public boolean record(TrialReport report) {
        long existing = TrialReportEntity.count("trialId = ?1 and attempt = ?2 and epoch = ?3",
                report.trialId(), report.attempt(), report.epoch());
        if (existing > 0) {
            return false;
        }
        TrialReportEntity e = new TrialReportEntity();
        e.trialId = report.trialId();
        e.attempt = report.attempt();
        e.epoch = report.epoch();
        e.trainLoss = report.trainLoss();
        e.validationLoss = report.validationLoss();
        e.validationAccuracy = report.validationAccuracy();
        e.objective = report.objective();
        e.epochSeconds = report.epochSeconds();
        e.itemsSeen = report.itemsSeen();
        e.device = report.device();
        e.workerId = report.workerId();
        e.reportedAt = report.reportedAt();
        e.persist();
        return true;
    }

    @Override
    public List<TrialReport> forTrial(String trialId) {
        return TrialReportEntity.<TrialReportEntity>list("trialId", Sort.ascending("attempt", "epoch"), trialId)
                .stream()
                .map(e -> new TrialReport(e.trialId, e.attempt, e.epoch, e.trainLoss, e.validationLoss,
                        e.validationAccuracy, e.objective, e.epochSeconds, e.itemsSeen, e.device, e.workerId, e.reportedAt))
                .toList();
    }
}
