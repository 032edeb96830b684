package dev.milotune.orchestration;

import dev.milotune.machine.StudyMachine;
import dev.milotune.study.TrialReport;
import java.util.List;

/** Port: per-epoch reports, unique on (trial, attempt, epoch). Implementations join the caller's transaction. */
public interface ReportRepository {

    /** Stores a report; one with the same (trial, attempt, epoch) stored already fails the transaction. */
    default void insert(TrialReport report) {
        insertAll(List.of(report));
    }

    /** Stores reports; any (trial, attempt, epoch) stored already fails the transaction. */
    void insertAll(List<TrialReport> reports);

    /** The trial's reports by attempt, then epoch. */
    List<TrialReport> forTrial(String trialId);

    /** The keys of every report of the study's trials: what a rebuilt study machine has already applied. */
    List<StudyMachine.ReportKey> keysForStudy(String studyId);
}
