package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        try (Connection c = db.pool().getConnection()) {
            return ZoneJournalRows.lastPosition(c, false);
        } catch (SQLException e) {
            throw PostgresErrors.failure("read zone position", e);
        }
    }

    @Override
    public void append(long position, Instant changedAt, String change) {
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                ZoneJournalRows.append(c, position, changedAt, change, true);
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
    public void record(long position, Instant changedAt, String change) {
        try (Connection c = db.pool().getConnection()) {
            ZoneJournalRows.record(c, position, changedAt, change);
        } catch (SQLException e) {
            throw PostgresErrors.failure("record zone change", e);
        }
    }

    // The change feed lists every write that changed the answers (pruned after an hour): each must have its row.
    @Override
    public boolean covers(long after, long upTo) {
        try (Connection c = db.pool().getConnection();
                PreparedStatement check = c.prepareStatement("SELECT (SELECT pruned_below FROM change_counter "
                        + "WHERE id = 1) <= ? AND NOT EXISTS (SELECT 1 FROM changes f WHERE f.seq > ? AND f.seq <= ? "
                        + "AND NOT EXISTS (SELECT 1 FROM zone_journal j WHERE j.position = f.seq))")) {
            check.setLong(1, after + 1);
            check.setLong(2, after);
            check.setLong(3, upTo);
            try (ResultSet rs = check.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw PostgresErrors.failure("check zone journal", e);
        }
    }

    @Override
    public List<Row> since(long after, int limit) {
        try (Connection c = db.pool().getConnection()) {
            return ZoneJournalRows.since(c, after, limit);
        } catch (SQLException e) {
            throw PostgresErrors.failure("read zone journal", e);
        }
    }

    @Override
    public int prune(Instant cutoff, int keep) {
        try (Connection c = db.pool().getConnection()) {
            return ZoneJournalRows.prune(c, cutoff, keep);
        } catch (SQLException e) {
            throw PostgresErrors.failure("prune zone journal", e);
        }
    }
}
