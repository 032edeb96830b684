package dev.milotune.orchestration;

import dev.milotune.machine.Work;
import dev.milotune.study.Study;
import dev.milotune.study.StudySpec;
import dev.milotune.study.Trial;
import dev.milotune.wire.SegmentSeals;
import dev.milotune.wire.TrialTask;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A queued segment as the wire's trial task. */
final class Tasks {

    private Tasks() {
    }

    static TrialTask of(Study study, StudySpec spec, Trial trial, Work work, String datasetHash, SegmentSeals seals, Instant now) {
        Map<String, Object> hyperparameters = new LinkedHashMap<>(spec.model().fixed());
        hyperparameters.putAll(trial.configuration().values());
        Work.Subset s = work.subset();
        return new TrialTask(TrialTask.VERSION, study.id(), trial.id(), trial.number(), trial.attempt(), trial.seed(),
                spec.model().family(), hyperparameters,
                new TrialTask.DatasetRef(spec.dataset().name(), datasetHash, spec.dataset().encoder()),
                new TrialTask.SubsetRef(s.strategy(), s.planId(), s.fraction(), s.kappa(), s.interval()),
                spec.objective().metric(), work.epochFrom(), work.epochTo(), work.totalEpochs(), work.resumeFrom().orElse(null),
                work.evaluateTest(), now, work.validationSample(),
                seals.seal(study.id(), trial.id(), trial.attempt(), work.epochFrom(), work.epochTo()));
    }
}
