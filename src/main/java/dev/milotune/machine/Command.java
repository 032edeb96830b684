package dev.milotune.machine;

import dev.milotune.scheduling.Fact;
import dev.milotune.study.Study;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import dev.milotune.study.TrialState;
import java.util.List;

/**
 * What a {@link StudyMachine} asks its shell to do, in order. The changes (create, save, record,
 * append) are stored together in one transaction; {@link Queue} and {@link Notify} are carried out
 * only after they are stored. A save names the state it expects to find stored (compare-and-set):
 * a finished trial or study is never overwritten by a stale copy.
 */
public sealed interface Command {

    record CreateTrial(Trial trial) implements Command {
    }

    /** Store {@code trial} over the stored one, which must be in state {@code expected}. */
    record SaveTrial(TrialState expected, Trial trial) implements Command {
    }

    /** Store a report; unique on (trial, attempt, epoch). */
    record RecordReport(TrialReport report) implements Command {
    }

    /** Append the study's scheduler facts numbered from {@code firstSeq}. */
    record AppendFacts(String studyId, int firstSeq, List<Fact> facts) implements Command {
        public AppendFacts {
            facts = List.copyOf(facts);
        }
    }

    /** Store {@code study} over the stored one, which must be in state {@code expected}. */
    record SaveStudy(StudyState expected, Study study) implements Command {
    }

    /** Send the trial's segment to the workers. */
    record Queue(Trial trial, Work work) implements Command {
    }

    record Notify(StudyEvent event) implements Command {
    }
}
