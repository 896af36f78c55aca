package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
            try (PreparedStatement select = reader.prepareStatement("SELECT position FROM zone_position WHERE id = 1");
                    ResultSet rs = select.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            } catch (SQLException e) {
                throw new StoreException("read zone position failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public void append(long position, Instant changedAt, String change) {
        writer.write("record zone change", c -> {
            try (PreparedStatement last = c.prepareStatement("SELECT position FROM zone_position WHERE id = 1");
                    ResultSet rs = last.executeQuery()) {
                if (rs.next() && rs.getLong(1) >= position) {
                    throw new StoreException("zone change at position " + position + " is not after " + rs.getLong(1));
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO zone_journal (position, changed_at, change) VALUES (?, ?, ?)");
                    PreparedStatement move =
                            c.prepareStatement("INSERT INTO zone_position (id, position) VALUES (1, ?) "
                                    + "ON CONFLICT (id) DO UPDATE SET position = excluded.position")) {
                insert.setLong(1, position);
                insert.setLong(2, changedAt.toEpochMilli());
                insert.setString(3, change);
                insert.executeUpdate();
                move.setLong(1, position);
                move.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Row> since(long after, int limit) {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement(
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
                throw new StoreException("read zone journal failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public int prune(Instant cutoff, int keep) {
        return writer.write("prune zone journal", c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM zone_journal WHERE changed_at < ? OR position NOT IN "
                            + "(SELECT position FROM zone_journal ORDER BY position DESC LIMIT ?)")) {
                delete.setLong(1, cutoff.toEpochMilli());
                delete.setInt(2, keep);
                return delete.executeUpdate();
            }
        });
    }
}
