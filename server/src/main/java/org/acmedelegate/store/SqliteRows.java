package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/** Turns rows of the SQLite schema into values, for {@link SqliteAccountStore}. */
final class SqliteRows {
    private SqliteRows() {}

    static List<TxtEntry> entries(Connection connection, Subdomain subdomain) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value, seq, updated_at FROM txt_values WHERE subdomain = ? ORDER BY seq DESC")) {
            select.setString(1, subdomain.value());
            try (ResultSet rs = select.executeQuery()) {
                List<TxtEntry> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(new TxtEntry(
                            new TxtValue(rs.getString(1)), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
                return List.copyOf(list);
            }
        }
    }

    static final String ACCOUNT_COLUMNS = "username, key_hash, subdomain, allow_from, created_at, domain, disabled";

    static Account account(ResultSet rs) throws SQLException {
        return new Account(
                UUID.fromString(rs.getString(1)),
                rs.getString(2),
                new Subdomain(rs.getString(3)),
                allowFrom(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                Optional.ofNullable(rs.getString(6)),
                rs.getInt(7) != 0);
    }

    /** An account with its last update and CNAME check: {@link #ACCOUNT_COLUMNS}, then those four columns. */
    static AccountRecord accountRecord(ResultSet rs) throws SQLException {
        return SqlRows.record(account(rs), rs);
    }

    static AllowFrom allowFrom(String stored) {
        if (stored == null || stored.isBlank()) {
            return AllowFrom.ANY;
        }
        return new AllowFrom(Arrays.stream(stored.split(",")).map(Cidr::parse).toList());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
