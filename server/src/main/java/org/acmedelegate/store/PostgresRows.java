package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/** Turns rows of the PostgreSQL schema into values, and back, for {@link PostgresAccountStore}. */
final class PostgresRows {
    static final String ACCOUNT_COLUMNS = "username, key_hash, subdomain, allow_from, created_at, domain, disabled";

    private PostgresRows() {}

    static Account account(ResultSet rs) throws SQLException {
        return new Account(
                UUID.fromString(rs.getString(1)),
                rs.getString(2),
                new Subdomain(rs.getString(3)),
                SqliteRows.allowFrom(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                Optional.ofNullable(rs.getString(6)),
                rs.getBoolean(7));
    }

    static AccountRecord record(ResultSet rs) throws SQLException {
        return SqlRows.record(account(rs), rs);
    }

    static List<TxtEntry> entries(Connection c, Subdomain subdomain) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT value, seq, updated_at FROM txt_values WHERE subdomain = ? ORDER BY seq DESC")) {
            select.setString(1, subdomain.value());
            try (ResultSet rs = select.executeQuery()) {
                List<TxtEntry> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(entry(rs, 1));
                }
                return List.copyOf(list);
            }
        }
    }

    static TxtEntry entry(ResultSet rs, int first) throws SQLException {
        return new TxtEntry(
                new TxtValue(rs.getString(first)), rs.getLong(first + 1), Instant.ofEpochMilli(rs.getLong(first + 2)));
    }

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
