package dev.milotune.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "workers")
class WorkerEntity extends PanacheEntityBase {
    @Id
    String id;
    String host;
    String pool;
    int slots;
    @Column(name = "busy_slots")
    int busySlots;
    String device;
    @Column(name = "started_at")
    Instant startedAt;
    @Column(name = "last_heartbeat_at")
    Instant lastHeartbeatAt;
}
