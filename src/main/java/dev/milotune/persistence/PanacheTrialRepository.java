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

    private static final String INSERT = "INSERT INTO trials (id, study_id, number, purpose, configuration, seed, created_at, state, "
            + "attempt, bracket, rung, epochs_done, best_value, training_seconds, device, checkpoint, segment_rung, segment_from, "
            + "segment_to, lease_expires_at, test_accuracy, error, updated_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    /** Identity, configuration, seed and creation time never change; the version counts as Hibernate's does. */
    private static final String UPDATE = "UPDATE trials SET state = ?, attempt = ?, bracket = ?, rung = ?, epochs_done = ?, "
            + "best_value = ?, training_seconds = ?, device = ?, checkpoint = ?, segment_rung = ?, segment_from = ?, segment_to = ?, "
            + "lease_expires_at = ?, test_accuracy = ?, error = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state = ?";

    @Override
    public void createAll(List<Trial> trials) {
        Jdbc.on(TrialEntity.getEntityManager(), connection -> Jdbc.batch(connection, INSERT, trials, (s, t) -> {
            s.setString(1, t.id());
            s.setString(2, t.studyId());
            s.setInt(3, t.number());
            s.setString(4, t.purpose().name());
            s.setString(5, ConfigurationJson.write(t.configuration()));
            s.setLong(6, t.seed());
            Jdbc.instant(s, 7, t.createdAt());
            bindChanges(s, 8, t);
        }));
    }

    @Override
    public void saveAll(List<Save> saves) {
        for (Save save : saves) {
            if (save.expected().isTerminal() && save.trial().state() != save.expected()) {
                throw stale(save, save.expected());
            }
        }
        Jdbc.on(TrialEntity.getEntityManager(), connection -> {
            int[] counts = Jdbc.batch(connection, UPDATE, saves, (s, save) -> {
                int next = bindChanges(s, 1, save.trial());
                s.setString(next, save.trial().id());
                s.setString(next + 1, save.expected().name());
            });
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) {
                    Save save = saves.get(i);
                    try (var read = connection.prepareStatement("SELECT state FROM trials WHERE id = ?")) {
                        read.setString(1, save.trial().id());
                        try (var row = read.executeQuery()) {
                            if (!row.next()) {
                                throw new IllegalArgumentException("no trial with id " + save.trial().id());
                            }
                            throw stale(save, TrialState.valueOf(row.getString(1)));
                        }
                    }
                }
            }
            return null;
        });
    }

    private static StaleStateException stale(Save save, TrialState stored) {
        return new StaleStateException("trial " + save.trial().id() + " is " + stored + (stored != save.expected() ? ", not "
                + save.expected() : "") + ": its change to " + save.trial().state() + " is not stored");
    }

    /** Binds what a save may change, from parameter {@code first} on; returns the next parameter's index. */
    private static int bindChanges(java.sql.PreparedStatement s, int first, Trial t) throws java.sql.SQLException {
        int i = first;
        s.setString(i++, t.state().name());
        s.setInt(i++, t.attempt());
        s.setInt(i++, t.bracket());
        s.setInt(i++, t.rung());
        s.setInt(i++, t.epochsDone());
        Jdbc.number(s, i++, t.bestValue().orElse(null));
        s.setDouble(i++, t.trainingSeconds());
        Jdbc.text(s, i++, t.device().orElse(null));
        Jdbc.text(s, i++, t.checkpoint().orElse(null));
        Jdbc.integer(s, i++, t.segment().map(Trial.Segment::rung).orElse(null));
        Jdbc.integer(s, i++, t.segment().map(Trial.Segment::epochFrom).orElse(null));
        Jdbc.integer(s, i++, t.segment().map(Trial.Segment::epochTo).orElse(null));
        Jdbc.instant(s, i++, t.segment().map(Trial.Segment::leaseExpiresAt).orElse(null));
        Jdbc.number(s, i++, t.testAccuracy().orElse(null));
        Jdbc.text(s, i++, t.error().orElse(null));
        Jdbc.instant(s, i++, t.updatedAt());
        return i;
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
    public List<Trial> inFlight() {
        return TrialEntity.<TrialEntity>list("state in ?1", Sort.ascending("createdAt"), List.of("QUEUED", "RUNNING"))
                .stream().map(PanacheTrialRepository::toTrial).toList();
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
