package dev.milotune.orchestration;

import dev.milotune.machine.StudySetup;
import dev.milotune.scheduling.Rung;
import dev.milotune.scheduling.Scheduler;
import dev.milotune.scheduling.Schedulers;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.StudySpec.Fidelity;
import dev.milotune.study.StudySpec.SubsetStrategy;
import dev.milotune.study.Trial;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Read-only facts shown beside a study's trials: the rungs of its brackets (where learning curves
 * are judged) and its subset plans, or their progress (and its dataset's fetch) while they are
 * computed.
 */
@ApplicationScoped
public class StudyOverview {

    /**
     * A rung as the study trains it.
     *
     * @param resource the scheduler's r_k
     * @param epochs epochs a trial has trained when it reports at this rung (for data fidelity, all
     *     epochs, each time on a larger subset)
     * @param fraction the share of the training set the rung trains on (1 for the full set)
     */
    public record RungView(int index, int resource, int epochs, double fraction) {
    }

    public record BracketRungs(int bracket, List<RungView> rungs) {
    }

    /** The brackets that the study's trials were started in (bracket 0 at least). */
    public record StudyRungs(String fidelity, List<BracketRungs> brackets) {
    }

    /** One class of a plan: its items in the training set and how many of them a subset keeps. */
    public record ClassBudget(int label, int size, int budget) {
    }

    /** A stored plan with what its file says about its budgets. */
    public record PlanSummary(PlanRecord record, int numItems, int totalBudget, int numSubsets, List<ClassBudget> classes) {
    }

    /**
     * @param fractions the fractions whose plans the study needs (none for the random and full strategies)
     * @param fetch the fetch of the study's dataset, when this process fetched it (on demand, before the plans)
     * @param progress the plan computation's progress, while this process knows of it
     * @param plans the study's plans once ready, in its fraction order
     */
    public record StudyPlans(String strategy, List<Double> fractions, Optional<FetchService.FetchProgress> fetch,
            Optional<PlanService.PlanProgress> progress, List<PlanSummary> plans) {
    }

    private final StudyService studies;
    private final PlanService plans;
    private final FetchService fetches;

    StudyOverview(StudyService studies, PlanService plans, FetchService fetches) {
        this.studies = studies;
        this.plans = plans;
        this.fetches = fetches;
    }

    public StudyRungs rungs(String studyId) {
        Study study = studies.get(studyId);
        StudySpec spec = studies.spec(study);
        Scheduler scheduler = Schedulers.create(StudySetup.schedulerOptions(spec));
        TreeSet<Integer> brackets = new TreeSet<>(List.of(0));
        studies.trials(studyId).stream().filter(t -> t.purpose() == Trial.Purpose.SEARCH).forEach(t -> brackets.add(t.bracket()));
        List<Double> fractions = StudySetup.dataFractions(spec);
        boolean data = spec.scheduler().fidelity() == Fidelity.DATA;
        double epochFraction = spec.subset().strategy() == SubsetStrategy.FULL ? 1.0 : spec.subset().fraction();
        List<BracketRungs> out = new ArrayList<>();
        for (int b : brackets) {
            List<RungView> rungs = new ArrayList<>();
            for (Rung rung : scheduler.rungs(b)) {
                rungs.add(data
                        ? new RungView(rung.index(), rung.resource(), spec.model().epochs(),
                                rung.index() < fractions.size() && spec.subset().strategy() != SubsetStrategy.FULL
                                        ? fractions.get(rung.index()) : 1.0)
                        : new RungView(rung.index(), rung.resource(), rung.resource(), epochFraction));
            }
            out.add(new BracketRungs(b, rungs));
        }
        return new StudyRungs(spec.scheduler().fidelity().name().toLowerCase(Locale.ROOT), out);
    }

    public StudyPlans plans(String studyId) {
        Study study = studies.get(studyId);
        StudySpec spec = studies.spec(study);
        List<Double> fractions = StudySetup.planFractions(spec);
        Optional<PlanService.PlanProgress> progress = fractions.isEmpty() ? Optional.empty()
                : plans.progress(new PlanService.PlanRequest(spec.dataset().name(), spec.dataset().encoder(), fractions));
        List<PlanSummary> summaries = new ArrayList<>();
        for (String id : study.planIds()) {
            Optional<PlanRecord> record = plans.find(id);
            Optional<SubsetPlan> plan = plans.load(id);
            if (record.isPresent() && plan.isPresent()) {
                summaries.add(summary(record.get(), plan.get()));
            }
        }
        String strategy = spec.subset().strategy().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new StudyPlans(strategy, fractions, fetches.progress(spec.dataset().name()), progress, summaries);
    }

    private static PlanSummary summary(PlanRecord record, SubsetPlan plan) {
        int[] classes = plan.classes();
        int[] sizes = plan.classSizes();
        int[] budgets = plan.budgets();
        List<ClassBudget> perClass = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            perClass.add(new ClassBudget(classes[i], sizes[i], budgets[i]));
        }
        return new PlanSummary(record, plan.numItems(), plan.totalBudget(), plan.numSubsets(), perClass);
    }
}
