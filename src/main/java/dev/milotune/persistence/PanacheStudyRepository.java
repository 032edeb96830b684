package dev.milotune.persistence;

import dev.milotune.orchestration.StudyRepository;
import dev.milotune.study.Study;
import dev.milotune.orchestration.StaleStateException;
import dev.milotune.study.StudyPhase;
import dev.milotune.study.StudyState;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
class PanacheStudyRepository implements StudyRepository {

    @Override
    public void create(Study study) {
        StudyEntity entity = new StudyEntity();
        entity.id = study.id();
        copy(study, entity);
        entity.persist();
    }

    @Override
    public Optional<Study> find(String id) {
        return StudyEntity.<StudyEntity>findByIdOptional(id).map(PanacheStudyRepository::toStudy);
    }

    @Override
    public List<Study> inState(StudyState state) {
        return StudyEntity.<StudyEntity>list("state", Sort.ascending("createdAt"), state.name())
                .stream().map(PanacheStudyRepository::toStudy).toList();
    }

    @Override
    public List<Study> list() {
        return StudyEntity.<StudyEntity>listAll(Sort.descending("createdAt").and("id"))
                .stream().map(PanacheStudyRepository::toStudy).toList();
    }

    @Override
    public void save(StudyState expected, Study study) {
        StudyEntity entity = StudyEntity.<StudyEntity>findByIdOptional(study.id())
                .orElseThrow(() -> new IllegalArgumentException("no study with id " + study.id()));
        if (!entity.state.equals(expected.name())) {
            throw new StaleStateException("study " + study.id() + " is " + entity.state + ", not " + expected
                    + ": its change to " + study.state() + " is not stored");
        }
        copy(study, entity);
    }

    private static void copy(Study study, StudyEntity entity) {
        entity.name = study.name();
        entity.state = study.state().name();
        entity.phase = study.phase().name();
        entity.spec = study.spec();
        entity.seed = study.seed();
        entity.bestTrialId = study.bestTrialId().orElse(null);
        entity.bestValue = study.bestValue().orElse(null);
        entity.finalTestAccuracy = study.finalTestAccuracy().orElse(null);
        entity.error = study.error().orElse(null);
        entity.planIds = String.join(",", study.planIds());
        entity.createdAt = study.createdAt();
        entity.startedAt = study.startedAt().orElse(null);
        entity.finishedAt = study.finishedAt().orElse(null);
        entity.updatedAt = study.updatedAt();
    }

    private static Study toStudy(StudyEntity e) {
        List<String> plans = e.planIds == null || e.planIds.isEmpty() ? List.of() : List.of(e.planIds.split(","));
        return new Study(e.id, e.name, StudyState.valueOf(e.state), StudyPhase.valueOf(e.phase), e.spec, e.seed, plans, e.createdAt,
                Optional.ofNullable(e.startedAt), Optional.ofNullable(e.finishedAt), e.updatedAt,
                Optional.ofNullable(e.bestTrialId), Optional.ofNullable(e.bestValue),
                Optional.ofNullable(e.finalTestAccuracy), Optional.ofNullable(e.error));
    }
}
