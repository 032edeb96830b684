package dev.milotune.persistence;

import dev.milotune.orchestration.TrialRepository;
import dev.milotune.study.Trial;
import dev.milotune.orchestration.StaleStateException;
import dev.milotune.study.TrialState;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
class PanacheTrialRepository implements TrialRepository {

    @Override
    public void create(Trial trial) {
        TrialEntity entity = new TrialEntity();
        entity.id = trial.id();
        copy(trial, entity);
        entity.persist();
    }

    @Override
    public Optional<Trial> find(String id) {
        return TrialEntity.<TrialEntity>findByIdOptional(id).map(PanacheTrialRepository::toTrial);
    }

    @Override
    public List<Trial> forStudy(String studyId) {
        return TrialEntity.<TrialEntity>list("studyId", Sort.ascending("number"), studyId)
                .stream().map(PanacheTrialRepository::toTrial).toList();
    }

    @Override
    public void prepare(java.util.Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            TrialEntity.list("id in ?1", all.subList(from, Math.min(all.size(), from + 500)));
        }
    }

    @Override
    public List<Trial> inFlight() {
        return TrialEntity.<TrialEntity>list("state in ?1", Sort.ascending("createdAt"), List.of("QUEUED", "RUNNING"))
                .stream().map(PanacheTrialRepository::toTrial).toList();
    }

    @Override
    public void save(TrialState expected, Trial trial) {
        TrialEntity entity = TrialEntity.<TrialEntity>findByIdOptional(trial.id())
                .orElseThrow(() -> new IllegalArgumentException("no trial with id " + trial.id()));
        TrialState stored = TrialState.valueOf(entity.state);
        if (stored != expected || (stored.isTerminal() && trial.state() != stored)) {
            throw new StaleStateException("trial " + trial.id() + " is " + stored + (stored != expected ? ", not " + expected : "")
                    + ": its change to " + trial.state() + " is not stored");
        }
        copy(trial, entity);
    }

    private static void copy(Trial trial, TrialEntity entity) {
        entity.studyId = trial.studyId();
        entity.number = trial.number();
        entity.purpose = trial.purpose().name();
        entity.state = trial.state().name();
        entity.configuration = ConfigurationJson.write(trial.configuration());
        entity.seed = trial.seed();
        entity.attempt = trial.attempt();
        entity.bracket = trial.bracket();
        entity.rung = trial.rung();
        entity.epochsDone = trial.epochsDone();
        entity.bestValue = trial.bestValue().orElse(null);
        entity.trainingSeconds = trial.trainingSeconds();
        entity.device = trial.device().orElse(null);
        entity.checkpoint = trial.checkpoint().orElse(null);
        entity.segmentRung = trial.segment().map(Trial.Segment::rung).orElse(null);
        entity.segmentFrom = trial.segment().map(Trial.Segment::epochFrom).orElse(null);
        entity.segmentTo = trial.segment().map(Trial.Segment::epochTo).orElse(null);
        entity.leaseExpiresAt = trial.segment().map(Trial.Segment::leaseExpiresAt).orElse(null);
        entity.testAccuracy = trial.testAccuracy().orElse(null);
        entity.error = trial.error().orElse(null);
        entity.createdAt = trial.createdAt();
        entity.updatedAt = trial.updatedAt();
    }

    private static Trial toTrial(TrialEntity e) {
        Optional<Trial.Segment> segment = e.segmentRung == null ? Optional.empty()
                : Optional.of(new Trial.Segment(e.segmentRung, e.segmentFrom, e.segmentTo, e.leaseExpiresAt));
        return new Trial(e.id, e.studyId, e.number, Trial.Purpose.valueOf(e.purpose), TrialState.valueOf(e.state),
                ConfigurationJson.read(e.configuration), e.seed, e.attempt, e.bracket, e.rung, e.epochsDone,
                Optional.ofNullable(e.bestValue), e.trainingSeconds, Optional.ofNullable(e.device),
                Optional.ofNullable(e.checkpoint), segment, Optional.ofNullable(e.testAccuracy), Optional.ofNullable(e.error),
                e.createdAt, e.updatedAt);
    }
}
