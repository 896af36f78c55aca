package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The change feed only the PostgreSQL schema has, for {@link PostgresAccountStore}. */
final class PostgresRows {
    private PostgresRows() {}

    /**
     * Takes the change counter's lock, moves it on and records that {@code subdomains} changed under the
     * new sequence, with a notification sent at commit; returns the sequence. Called first in a write
     * transaction, so writes that change DNS commit one after the other, in sequence order.
     */
    static long nextChange(Connection c, List<String> subdomains) throws SQLException {
        long seq = bumpCounter(c);
        recordChange(c, seq, subdomains);
        return seq;
    }

    /** Takes the change counter's lock and moves it on; returns the new sequence. */
    static long bumpCounter(Connection c) throws SQLException {
        try (PreparedStatement next =
                        c.prepareStatement("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value");
                ResultSet rs = next.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void recordChange(Connection c, long seq, List<String> subdomains) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO changes (seq, subdomain) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String s : subdomains) {
                insert.setLong(1, seq);
                insert.setString(2, s);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement notify =
                c.prepareStatement("SELECT pg_notify('" + PostgresAccountStore.CHANNEL + "', ?)")) {
            notify.setString(1, Long.toString(seq));
            notify.execute();
        }
    }
}
