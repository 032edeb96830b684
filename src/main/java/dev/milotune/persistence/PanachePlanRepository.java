package dev.milotune.persistence;

import dev.milotune.orchestration.PlanRecord;
import dev.milotune.orchestration.PlanRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
class PanachePlanRepository implements PlanRepository {

    @Override
    public void saveIfAbsent(PlanRecord plan) {
        if (PlanEntity.findById(plan.id()) != null) {
            return;
        }
        PlanEntity e = new PlanEntity();
        e.id = plan.id();
        e.dataset = plan.dataset();
        e.datasetHash = plan.datasetHash();
        e.encoder = plan.encoder();
        e.fraction = plan.fraction();
        e.state = "READY";
        e.sizeBytes = plan.sizeBytes();
        e.location = plan.location();
        e.preprocessingSeconds = plan.preprocessingSeconds();
        e.provenance = plan.provenance();
        e.createdAt = plan.createdAt();
        e.updatedAt = plan.createdAt();
        e.persist();
    }

    @Override
    public Optional<PlanRecord> find(String id) {
        return PlanEntity.<PlanEntity>findByIdOptional(id).map(PanachePlanRepository::toRecord);
    }

    @Override
    public List<PlanRecord> list() {
        return PlanEntity.<PlanEntity>listAll(Sort.descending("createdAt")).stream().map(PanachePlanRepository::toRecord).toList();
    }

    private static PlanRecord toRecord(PlanEntity e) {
        return new PlanRecord(e.id, e.dataset, e.datasetHash, e.encoder, e.fraction, e.sizeBytes == null ? 0 : e.sizeBytes,
                e.location, e.preprocessingSeconds == null ? 0 : e.preprocessingSeconds, e.provenance, e.createdAt);
    }
}
