package dev.milotune.orchestration;

import dev.milotune.machine.Command;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
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
        java.util.Set<String> saved = new java.util.HashSet<>();
        for (Command c : commands) {
            if (c instanceof Command.SaveTrial save) {
                saved.add(save.trial().id());
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            trials.prepare(saved);
            for (Command c : commands) {
                if (c instanceof Command.CreateTrial create) {
                    trials.create(create.trial());
                } else if (c instanceof Command.SaveTrial save) {
                    trials.save(save.expected(), save.trial());
                } else if (c instanceof Command.RecordReport record) {
                    reports.insert(record.report());
                } else if (c instanceof Command.AppendFacts append) {
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
