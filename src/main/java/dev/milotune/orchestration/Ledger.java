package dev.milotune.orchestration;

import dev.milotune.machine.Command;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores what study machines decided: every change among a list of commands (trials created and
 * saved, reports, scheduler facts, studies saved) in one transaction, in order. Saves are
 * compare-and-set on the stored state, so a stale decision fails the whole transaction and nothing
 * of it is stored; reports are unique on (trial, attempt, epoch). Queues and notifications are not
 * the ledger's: the conductor carries them out once this returns.
 */
@ApplicationScoped
class Ledger {

    private final StudyRepository studies;
    private final TrialRepository trials;
    private final ReportRepository reports;
    private final FactRepository facts;

    Ledger(StudyRepository studies, TrialRepository trials, ReportRepository reports, FactRepository facts) {
        this.studies = studies;
        this.trials = trials;
        this.reports = reports;
        this.facts = facts;
    }

    /** @throws StaleStateException when a save finds another state stored; nothing is stored then */
    void store(List<Command> commands) {
        if (commands.stream().noneMatch(Ledger::changes)) {
            return;
        }
        // One batch per kind of row. Order within a kind is kept; across kinds none matters: a trial
        // is created before any save or report of it, facts and studies refer to stored studies only.
        List<Trial> created = new ArrayList<>();
        List<TrialRepository.Save> saved = new ArrayList<>();
        List<TrialReport> reported = new ArrayList<>();
        for (Command c : commands) {
            if (c instanceof Command.CreateTrial create) {
                created.add(create.trial());
            } else if (c instanceof Command.SaveTrial save) {
                saved.add(new TrialRepository.Save(save.expected(), save.trial()));
            } else if (c instanceof Command.RecordReport record) {
                reported.add(record.report());
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            trials.createAll(created);
            trials.saveAll(saved);
            reports.insertAll(reported);
            for (Command c : commands) {
                if (c instanceof Command.AppendFacts append) {
                    facts.append(append.studyId(), append.firstSeq(), append.facts());
                } else if (c instanceof Command.SaveStudy save) {
                    studies.save(save.expected(), save.study());
                }
            }
        });
    }

    private static boolean changes(Command c) {
        return !(c instanceof Command.Queue || c instanceof Command.Notify);
    }
}
