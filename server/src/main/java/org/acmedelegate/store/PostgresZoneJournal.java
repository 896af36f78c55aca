package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** {@link ZoneJournalStore} in the PostgreSQL database, one pooled connection per call. */
final class PostgresZoneJournal implements ZoneJournalStore {
    private final PostgresDatabase db;

    PostgresZoneJournal(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public OptionalLong lastPosition() {
        try (Connection c = db.pool().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT position FROM zone_position WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            throw PostgresErrors.failure("read zone position", e);
        }
    }

    @Override
    public void append(long position, Instant changedAt, String change) {
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement last =
                            c.prepareStatement("SELECT position FROM zone_position WHERE id = 1 FOR UPDATE");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO zone_journal (position, changed_at, change) VALUES (?, ?, ?)");
                    PreparedStatement move =
                            c.prepareStatement("INSERT INTO zone_position (id, position) VALUES (1, ?) "
                                    + "ON CONFLICT (id) DO UPDATE SET position = excluded.position")) {
                try (ResultSet rs = last.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= position) {
                        throw new StoreException(
                                "zone change at position " + position + " is not after " + rs.getLong(1));
                    }
                }
                insert.setLong(1, position);
                insert.setLong(2, changedAt.toEpochMilli());
                insert.setString(3, change);
                insert.executeUpdate();
                move.setLong(1, position);
                move.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw e instanceof StoreException s ? s : PostgresErrors.failure("record zone change", e);
        }
    }

    @Override
    public List<Row> since(long after, int limit) {
        try (Connection c = db.pool().getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT position, changed_at, change FROM zone_journal WHERE position > ? ORDER BY position LIMIT ?")) {
            select.setLong(1, after);
            select.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw PostgresErrors.failure("read zone journal", e);
        }
    }

    @Override
    public int prune(Instant cutoff, int keep) {
        try (Connection c = db.pool().getConnection();
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM zone_journal WHERE changed_at < ? OR position NOT IN "
                                + "(SELECT position FROM zone_journal ORDER BY position DESC LIMIT ?)")) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setInt(2, keep);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw PostgresErrors.failure("prune zone journal", e);
        }
    }
}
