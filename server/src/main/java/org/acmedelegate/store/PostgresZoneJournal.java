package org.acmedelegate.store;

import java.sql.Connection;
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
