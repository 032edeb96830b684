package dev.milotune.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The token that submitted each study: members act on their own studies only. */
@ApplicationScoped
public class StudyOwners {

    /** Resolved on use: a worker process has no database, and never asks. */
    private final Instance<DataSource> database;

    StudyOwners(Instance<DataSource> database) {
        this.database = database;
    }

    public void record(String studyId, Caller owner) {
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO study_owners (study_id, token_id, token_name) VALUES (?, ?, ?)")) {
            s.setString(1, studyId);
            s.setString(2, owner.tokenId());
            s.setString(3, owner.name());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the owner of study " + studyId + ": " + e.getMessage(), e);
        }
    }

    /** The id of the token that submitted the study; empty for studies from before owners were kept. */
    public Optional<String> ownerOf(String studyId) {
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT token_id FROM study_owners WHERE study_id = ?")) {
            s.setString(1, studyId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the owner of study " + studyId + ": " + e.getMessage(), e);
        }
    }

    /** Studies this token submitted that have not ended. */
    public int activeOf(Caller caller) {
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM study_owners o JOIN studies s ON s.id = o.study_id "
                        + "WHERE o.token_id = ? AND s.state NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')")) {
            s.setString(1, caller.tokenId());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the studies of token " + caller.name() + ": " + e.getMessage(), e);
        }
    }

    /** Admins act on every study, members on their own, viewers on none. */
    public boolean mayChange(Caller caller, String studyId) {
        if (caller.isAdmin()) {
            return true;
        }
        return caller.role() == Role.MEMBER && ownerOf(studyId).map(caller.tokenId()::equals).orElse(false);
    }
}
