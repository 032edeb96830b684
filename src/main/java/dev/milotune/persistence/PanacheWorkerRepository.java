package dev.milotune.persistence;

import dev.milotune.orchestration.WorkerRepository;
import dev.milotune.orchestration.WorkerStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
@Transactional
class PanacheWorkerRepository implements WorkerRepository {

    @Override
    public void save(WorkerStatus worker) {
        WorkerEntity e = WorkerEntity.findById(worker.id());
        boolean fresh = e == null;
        if (fresh) {
            e = new WorkerEntity();
            e.id = worker.id();
        }
        e.host = worker.host();
        e.pool = worker.pool();
        e.slots = worker.slots();
        e.busySlots = worker.busySlots();
        e.device = worker.device();
        e.startedAt = worker.startedAt();
        e.lastHeartbeatAt = worker.lastHeartbeatAt();
        if (fresh) {
            e.persist();
        }
    }

    @Override
    public List<WorkerStatus> list() {
        return WorkerEntity.<WorkerEntity>listAll(Sort.descending("lastHeartbeatAt"))
                .stream()
                .map(e -> new WorkerStatus(e.id, e.host, e.pool, e.slots, e.busySlots, e.device, e.startedAt, e.lastHeartbeatAt))
                .toList();
    }
}
