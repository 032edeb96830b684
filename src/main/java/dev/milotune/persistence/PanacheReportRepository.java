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

    private static final String INSERT = "INSERT INTO trial_reports (trial_id, attempt, epoch, train_loss, validation_loss, "
            + "validation_accuracy, objective, epoch_seconds, items_seen, device, worker_id, reported_at, metrics) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void insertAll(List<TrialReport> reports) {
        Jdbc.on(TrialReportEntity.getEntityManager(), connection -> Jdbc.batch(connection, INSERT, reports, (s, r) -> {
            s.setString(1, r.trialId());
            s.setInt(2, r.attempt());
            s.setInt(3, r.epoch());
            s.setDouble(4, r.trainLoss());
            s.setDouble(5, r.validationLoss());
            s.setDouble(6, r.validationAccuracy());
            s.setDouble(7, r.objective());
            s.setDouble(8, r.epochSeconds());
            s.setLong(9, r.itemsSeen());
            s.setString(10, r.device());
            s.setString(11, r.workerId());
            Jdbc.instant(s, 12, r.reportedAt());
            Jdbc.text(s, 13, r.metrics().isEmpty() ? null : ConfigurationJson.writeMetrics(r.metrics()));
        }));
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
