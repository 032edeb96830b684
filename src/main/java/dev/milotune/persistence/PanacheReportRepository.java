package dev.milotune.persistence;

import dev.milotune.orchestration.ReportRepository;
import dev.milotune.machine.StudyMachine;
import dev.milotune.study.TrialReport;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * Reports are unique on (trial, attempt, epoch): the study machine applies each key once (it
 * holds the keys of its study's reports), and the table's unique constraint stops a second writer.
 */
@ApplicationScoped
@Transactional
class PanacheReportRepository implements ReportRepository {

    @Override
    public void insert(TrialReport report) {
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
        e.metrics = report.metrics().isEmpty() ? null : ConfigurationJson.writeMetrics(report.metrics());
        e.persist();
    }

    @Override
    public List<StudyMachine.ReportKey> keysForStudy(String studyId) {
        return TrialReportEntity.getEntityManager()
                .createQuery("select r.trialId, r.attempt, r.epoch from TrialReportEntity r, TrialEntity t "
                        + "where r.trialId = t.id and t.studyId = ?1", Object[].class)
                .setParameter(1, studyId).getResultList().stream()
                .map(row -> new StudyMachine.ReportKey((String) row[0], (Integer) row[1], (Integer) row[2]))
                .toList();
    }

    @Override
    public List<TrialReport> forTrial(String trialId) {
        return TrialReportEntity.<TrialReportEntity>list("trialId", Sort.ascending("attempt", "epoch"), trialId)
                .stream()
                .map(e -> new TrialReport(e.trialId, e.attempt, e.epoch, e.trainLoss, e.validationLoss,
                        e.validationAccuracy, e.objective, e.epochSeconds, e.itemsSeen, e.device, e.workerId, e.reportedAt,
                        e.metrics == null ? Map.of() : ConfigurationJson.readMetrics(e.metrics)))
                .toList();
    }
}
