package dev.milotune.orchestration;

import dev.milotune.machine.StudySetup;
import dev.milotune.machine.Work;
import dev.milotune.scheduling.Rung;
import dev.milotune.selection.CurriculumOptions;
import dev.milotune.selection.EpochSubsets;
import dev.milotune.selection.SubsetPlan;
import dev.milotune.selection.SubsetStrategy;
import dev.milotune.space.InvalidSpecException;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a study's trials train on, for workers that are not milotune's own: each epoch's subset,
 * computed by the same pure function the built-in worker calls ({@link EpochSubsets}), and the
 * rows of the dataset's source files behind each split.
 */
@ApplicationScoped
public class StudyItems {

    /** Plans and parsed specs kept for the next request (one trial asks every epoch). */
    private static final int CACHED = 8;

    private final StudyService studies;
    private final PlanService plans;
    private final DatasetService datasets;
    private final Map<String, SubsetPlan> planCache = lru();
    private final Map<String, StudySpec> specCache = lru();

    StudyItems(StudyService studies, PlanService plans, DatasetService datasets) {
        this.studies = studies;
        this.plans = plans;
        this.datasets = datasets;
    }

    /**
     * One epoch's subset of a trial.
     *
     * @param positions positions in the dataset's training split, ascending
     * @param phase what kind of subset: see {@link EpochSubsets#phase}
     */
    public record EpochSubset(String studyId, String trialId, int rung, int epoch, int totalEpochs, String strategy, String phase,
            String planId, double fraction, int numItems, int[] positions) {
    }

    /**
     * The items {@code trialId} trains on in {@code epoch}, at {@code rung} (empty: the rung of the
     * segment it trains now).
     */
    public EpochSubset subset(String studyId, String trialId, int epoch, Optional<Integer> rung) {
        Study study = studies.get(studyId);
        StudySpec spec = spec(study);
        Trial trial = studies.trials(studyId).stream().filter(t -> t.id().equals(trialId)).findFirst()
                .orElseThrow(() -> new NotFoundException("study " + studyId + " has no trial " + trialId));
        int totalEpochs = spec.model().epochs();
        if (epoch < 0 || epoch >= totalEpochs) {
            throw new InvalidSpecException("epoch", epoch, "must be in [0, " + totalEpochs + "): the study trains " + totalEpochs + " epochs");
        }
        int at = rung.orElseGet(() -> trial.segment().map(Trial.Segment::rung).orElseThrow(() -> new ConflictException(
                "trial " + trialId + " trains no segment now (it is " + trial.state() + "); name its rung with ?rung=")));
        if (at < 0) {
            throw new InvalidSpecException("rung", at, "must be >= 0");
        }
        Work.Subset s = trial.purpose() == Trial.Purpose.SEARCH
                ? StudySetup.subset(spec, new Rung(at, 1), study.planIds())
                : StudySetup.fullData(spec);
        SubsetStrategy strategy = SubsetStrategy.byName(s.strategy()).orElseThrow();
        SubsetPlan plan = strategy.needsPlan() ? plan(s.planId()) : null;
        int numItems = plan != null ? plan.numItems() : datasets.rows(spec.dataset().name()).rows().train().length;
        CurriculumOptions curriculum = new CurriculumOptions(s.kappa(), s.interval());
        int[] positions = EpochSubsets.forEpoch(strategy, plan, numItems, s.fraction(), trial.seed(), epoch, totalEpochs, curriculum);
        return new EpochSubset(studyId, trialId, at, epoch, totalEpochs, s.strategy(), EpochSubsets.phase(strategy, epoch, totalEpochs,
                curriculum), s.planId(), s.fraction(), numItems, positions);
    }

    /** The rows behind each split of the study's dataset. */
    public DatasetService.DatasetRows splits(String studyId) {
        Study study = studies.get(studyId);
        return datasets.rows(spec(study).dataset().name());
    }

    /** A study's spec, parsed once (it never changes). */
    private StudySpec spec(Study study) {
        synchronized (specCache) {
            return specCache.computeIfAbsent(study.id(), id -> studies.spec(study));
        }
    }

    private SubsetPlan plan(String planId) {
        synchronized (planCache) {
            SubsetPlan cached = planCache.get(planId);
            if (cached != null) {
                return cached;
            }
        }
        SubsetPlan plan = plans.load(planId).orElseThrow(() -> new ConflictException("plan " + planId + " is not computed yet"));
        synchronized (planCache) {
            planCache.put(planId, plan);
        }
        return plan;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHED;
            }
        };
    }
}
