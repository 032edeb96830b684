package dev.milotune.persistence;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.Session;

/**
 * Batched JDBC writes on the transaction's own connection, for the rows the orchestrator writes on
 * every poll (trials, reports, scheduler facts): one prepared statement and one round trip per
 * kind instead of an entity per row and a flush that compares each with its loaded copy. Reads and
 * the rarer writes stay with Hibernate; instants are written as Hibernate writes them (UTC offset).
 */
final class Jdbc {

    /** Binds one row's parameters. */
    interface Row<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /** Runs statements on a connection. */
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    /** {@code work} on the connection of the transaction {@code entityManager} belongs to. */
    static <R> R on(EntityManager entityManager, Work<R> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    /** Executes {@code sql} once per item, as one batch; the update count of each item, in order. */
    static <T> int[] batch(Connection connection, String sql, List<T> items, Row<T> row) throws SQLException {
        if (items.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                row.bind(statement, item);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    static void instant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static void number(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    static void integer(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    static void text(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
