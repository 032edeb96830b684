package dev.milotune.machine;

import dev.milotune.scheduling.Fact;
import dev.milotune.study.Study;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's rules in memory, for tests of the machine alone: all of a list of commands or none;
 * trial and study saves compare-and-set on the stored state, and a finished trial keeps its final
 * state; reports unique on (trial, attempt, epoch); facts appended in sequence. A command that breaks
 * a rule throws, so a test fails at the first decision the real ledger would refuse.
 */
final class MemoryStore {

    final Map<String, Study> studies = new LinkedHashMap<>();
    final Map<String, Trial> trials = new LinkedHashMap<>();
    final Map<StudyMachine.ReportKey, TrialReport> reports = new LinkedHashMap<>();
    final Map<String, List<Fact>> facts = new HashMap<>();
    final List<Command.Queue> queued = new ArrayList<>();
    final List<StudyEvent> events = new ArrayList<>();

    void apply(List<Command> commands) {
        Map<String, Study> s = new LinkedHashMap<>(studies);
        Map<String, Trial> t = new LinkedHashMap<>(trials);
        Map<StudyMachine.ReportKey, TrialReport> r = new LinkedHashMap<>(reports);
        Map<String, List<Fact>> f = new HashMap<>();
        facts.forEach((k, v) -> f.put(k, new ArrayList<>(v)));
        for (Command c : commands) {
            if (c instanceof Command.CreateTrial create) {
                Trial trial = create.trial();
                check(!t.containsKey(trial.id()), "trial " + trial.id() + " exists");
                check(t.values().stream().noneMatch(o -> o.studyId().equals(trial.studyId()) && o.number() == trial.number()),
                        "study " + trial.studyId() + " has a trial " + trial.number());
                t.put(trial.id(), trial);
            } else if (c instanceof Command.SaveTrial save) {
                Trial stored = t.get(save.trial().id());
                check(stored != null, "no trial " + save.trial().id());
                check(stored.state() == save.expected(), "trial " + stored.number() + " is " + stored.state() + ", not " + save.expected());
                check(!stored.state().isTerminal() || save.trial().state() == stored.state(),
                        "trial " + stored.number() + " ended " + stored.state() + " and cannot become " + save.trial().state());
                t.put(save.trial().id(), save.trial());
            } else if (c instanceof Command.RecordReport record) {
                TrialReport report = record.report();
                StudyMachine.ReportKey key = new StudyMachine.ReportKey(report.trialId(), report.attempt(), report.epoch());
                check(!r.containsKey(key), "report " + key + " exists");
                r.put(key, report);
            } else if (c instanceof Command.AppendFacts append) {
                List<Fact> list = f.computeIfAbsent(append.studyId(), k -> new ArrayList<>());
                check(list.size() == append.firstSeq(), "facts of " + append.studyId() + " continue at " + list.size() + ", not "
                        + append.firstSeq());
                list.addAll(append.facts());
            } else if (c instanceof Command.SaveStudy save) {
                Study stored = s.get(save.study().id());
                check(stored != null, "no study " + save.study().id());
                check(stored.state() == save.expected(), "study is " + stored.state() + ", not " + save.expected());
                s.put(save.study().id(), save.study());
            }
        }
        studies.clear();
        studies.putAll(s);
        trials.clear();
        trials.putAll(t);
        reports.clear();
        reports.putAll(r);
        facts.clear();
        facts.putAll(f);
        for (Command c : commands) {
            if (c instanceof Command.Queue q) {
                queued.add(q);
            } else if (c instanceof Command.Notify n) {
                events.add(n.event());
            }
        }
    }

    List<Trial> trialsOf(String studyId) {
        return trials.values().stream().filter(x -> x.studyId().equals(studyId)).sorted(Comparator.comparingInt(Trial::number)).toList();
    }

    List<TrialReport> reportsOf(String trialId) {
        return reports.values().stream().filter(x -> x.trialId().equals(trialId))
                .sorted(Comparator.comparingInt(TrialReport::attempt).thenComparingInt(TrialReport::epoch)).toList();
    }

    private static void check(boolean rule, String message) {
        if (!rule) {
            throw new IllegalStateException("the ledger refuses: " + message);
        }
    }
}
