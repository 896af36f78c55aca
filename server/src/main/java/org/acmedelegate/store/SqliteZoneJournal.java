package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** {@link ZoneJournalStore} in the SQLite database, through the store's writer and reader connections. */
final class SqliteZoneJournal implements ZoneJournalStore {
    private final SqliteWriter writer;
    private final Connection reader;

    SqliteZoneJournal(SqliteWriter writer, Connection reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public OptionalLong lastPosition() {
        synchronized (reader) {
            try {
                return ZoneJournalRows.lastPosition(reader, false);
            } catch (SQLException e) {
                throw new StoreException("read zone position failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public void append(long position, Instant changedAt, String change) {
        writer.write("record zone change", c -> {
            ZoneJournalRows.append(c, position, changedAt, change, false);
            return null;
        });
    }

    @Override
    public void record(long position, Instant changedAt, String change) {
        writer.write("record zone change", c -> {
            ZoneJournalRows.record(c, position, changedAt, change);
            return null;
        });
    }

    @Override
    public List<Row> since(long after, int limit) {
        synchronized (reader) {
            try {
                return ZoneJournalRows.since(reader, after, limit);
            } catch (SQLException e) {
                throw new StoreException("read zone journal failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public int prune(Instant cutoff, int keep) {
        return writer.write("prune zone journal", c -> ZoneJournalRows.prune(c, cutoff, keep));
    }
}
