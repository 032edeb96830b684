package dev.milotune.orchestration;

import dev.milotune.study.TrialReport;
import java.util.List;

/** Port: per-epoch reports, unique on (trial, attempt, epoch). */
public interface ReportRepository {

    /**
     * Stores the report unless one with the same (trial, attempt, epoch) exists.
     *
     * @return true when stored, false when it was a duplicate (at-least-once delivery)
     */
    boolean record(TrialReport report);

    /** The trial's reports by attempt, then epoch. */
    List<TrialReport> forTrial(String trialId);
}
