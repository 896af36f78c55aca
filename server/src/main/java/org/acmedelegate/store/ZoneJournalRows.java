package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The zone journal's statements, the same SQL on SQLite and PostgreSQL; each {@link ZoneJournalStore} only
 * brings the connection, the transaction and its own error messages.
 */
final class ZoneJournalRows {
    private ZoneJournalRows() {}

    /** The last position ever appended; {@code forUpdate} locks its row for the transaction (PostgreSQL). */
    static OptionalLong lastPosition(Connection c, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                        "SELECT position FROM zone_position WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""));
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    /** Inserts a change and makes its position the last, after checking it is above the last one. */
    static void append(Connection c, long position, Instant changedAt, String change, boolean lock)
            throws SQLException {
        OptionalLong last = lastPosition(c, lock);
        if (last.isPresent() && last.getAsLong() >= position) {
            throw new StoreException("zone change at position " + position + " is not after " + last.getAsLong());
        }
        try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO zone_journal (position, changed_at, change) VALUES (?, ?, ?)");
                PreparedStatement move = c.prepareStatement("INSERT INTO zone_position (id, position) VALUES (1, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET position = excluded.position")) {
            insert.setLong(1, position);
            insert.setLong(2, changedAt.toEpochMilli());
            insert.setString(3, change);
            insert.executeUpdate();
            move.setLong(1, position);
            move.executeUpdate();
        }
    }

    /** Inserts a change at a shared sequence's position (see {@link ZoneJournalStore#record}). */
    static void record(Connection c, long position, Instant changedAt, String change) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO zone_journal (position, changed_at, change) "
                        + "VALUES (?, ?, ?) ON CONFLICT (position) DO UPDATE SET change = ?");
                PreparedStatement move = c.prepareStatement("INSERT INTO zone_position (id, position) VALUES (1, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET position = CASE WHEN excluded.position > "
                        + "zone_position.position THEN excluded.position ELSE zone_position.position END")) {
            insert.setLong(1, position);
            insert.setLong(2, changedAt.toEpochMilli());
            insert.setString(3, change);
            insert.setString(4, ZoneJournalStore.UNUSABLE);
            insert.executeUpdate();
            move.setLong(1, position);
            move.executeUpdate();
        }
    }

    /** The kept changes above {@code after}, oldest first, at most {@code limit}. */
    static List<ZoneJournalStore.Row> since(Connection c, long after, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT position, changed_at, change FROM zone_journal WHERE position > ? ORDER BY position LIMIT ?")) {
            select.setLong(1, after);
            select.setInt(2, limit);
            List<ZoneJournalStore.Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ZoneJournalStore.Row(
                            rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    /** Removes changes older than {@code cutoff} and all but the newest {@code keep}; returns how many went. */
    static int prune(Connection c, Instant cutoff, int keep) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM zone_journal WHERE changed_at < ? OR position "
                + "NOT IN (SELECT position FROM zone_journal ORDER BY position DESC LIMIT ?)")) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setInt(2, keep);
            return delete.executeUpdate();
        }
    }
}
