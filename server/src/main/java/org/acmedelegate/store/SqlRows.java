package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/**
 * The account and TXT value SQL the SQLite and PostgreSQL stores share: the two schemas have the same
 * shape, so each statement is written once here and each store only adds its transactions and, on
 * PostgreSQL, the change feed.
 */
final class SqlRows {
    static final String ACCOUNT_COLUMNS = "username, key_hash, subdomain, allow_from, created_at, domain, disabled";

    private SqlRows() {}

    static void insertAccount(Connection c, Account account) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO accounts (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account.username().toString());
            insert.setString(2, account.keyHash());
            insert.setString(3, account.subdomain().value());
            insert.setString(4, String.join(",", account.allowFrom().asStrings()));
            insert.setLong(5, account.createdAt().toEpochMilli());
            insert.setString(6, account.domain().orElse(null));
            insert.setBoolean(7, account.disabled());
            insert.executeUpdate();
        }
    }

    static Optional<Account> findAccount(Connection c, UUID username) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE username = ?")) {
            select.setString(1, username.toString());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    /** Every account with its last update and CNAME check, oldest first. */
    static List<AccountRecord> listAccounts(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS
                        + ", last_update_at, cname_status, cname_target, cname_checked_at"
                        + " FROM accounts ORDER BY created_at, username");
                ResultSet rs = select.executeQuery()) {
            List<AccountRecord> all = new ArrayList<>();
            while (rs.next()) {
                all.add(record(account(rs), rs));
            }
            return List.copyOf(all);
        }
    }

    /** Rewrites the account's mutable fields; throws when there is no such account. */
    static void updateAccount(Connection c, Account account) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                // A check of another domain says nothing about the new one: it goes when the domain changes.
                "UPDATE accounts SET cname_status = CASE WHEN domain IS NOT DISTINCT FROM ? THEN cname_status END,"
                        + " cname_target = CASE WHEN domain IS NOT DISTINCT FROM ? THEN cname_target END,"
                        + " cname_checked_at = CASE WHEN domain IS NOT DISTINCT FROM ? THEN cname_checked_at END,"
                        + " key_hash = ?, allow_from = ?, domain = ?, disabled = ? WHERE username = ?")) {
            String domain = account.domain().orElse(null);
            update.setString(1, domain);
            update.setString(2, domain);
            update.setString(3, domain);
            update.setString(4, account.keyHash());
            update.setString(5, String.join(",", account.allowFrom().asStrings()));
            update.setString(6, domain);
            update.setBoolean(7, account.disabled());
            update.setString(8, account.username().toString());
            if (update.executeUpdate() != 1) {
                throw new StoreException("no account " + account.username());
            }
        }
    }

    static boolean deleteAccount(Connection c, UUID username) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
            delete.setString(1, username.toString());
            return delete.executeUpdate() == 1;
        }
    }

    static void recordCnameCheck(Connection c, UUID username, CnameCheck check) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE accounts SET cname_status = ?, cname_target = ?, cname_checked_at = ? WHERE username = ?")) {
            update.setString(1, check.status().name());
            update.setString(2, check.target().orElse(null));
            update.setLong(3, check.checkedAt().toEpochMilli());
            update.setString(4, username.toString());
            update.executeUpdate();
        }
    }

    static int countAccounts(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM accounts");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Throws when no account owns {@code subdomain}. */
    static void requireAccount(Connection c, Subdomain subdomain) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM accounts WHERE subdomain = ?")) {
            select.setString(1, subdomain.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw noAccount(subdomain);
                }
            }
        }
    }

    /** Records {@code now} as the account's last update; throws when no account owns {@code subdomain}. */
    static void touchAccount(Connection c, Subdomain subdomain, Instant now) throws SQLException {
        try (PreparedStatement touch =
                c.prepareStatement("UPDATE accounts SET last_update_at = ? WHERE subdomain = ?")) {
            touch.setLong(1, now.toEpochMilli());
            touch.setString(2, subdomain.value());
            if (touch.executeUpdate() != 1) {
                throw noAccount(subdomain);
            }
        }
    }

    /** Adds {@code value} under sequence {@code seq}, or moves an equal value to it. */
    static void upsertTxt(Connection c, Subdomain subdomain, TxtValue value, long seq, Instant now)
            throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (subdomain, value) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at")) {
            upsert.setString(1, subdomain.value());
            upsert.setString(2, value.value());
            upsert.setLong(3, seq);
            upsert.setLong(4, now.toEpochMilli());
            upsert.executeUpdate();
        }
    }

    static void deleteTxt(Connection c, Subdomain subdomain, TxtValue value) throws SQLException {
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM txt_values WHERE subdomain = ? AND value = ?")) {
            delete.setString(1, subdomain.value());
            delete.setString(2, value.value());
            delete.executeUpdate();
        }
    }

    /** Deletes all but the {@code keep} newest values of {@code subdomain}. */
    static void keepNewest(Connection c, Subdomain subdomain, int keep) throws SQLException {
        try (PreparedStatement trim = c.prepareStatement("DELETE FROM txt_values WHERE subdomain = ? AND seq NOT IN "
                + "(SELECT seq FROM txt_values WHERE subdomain = ? ORDER BY seq DESC LIMIT ?)")) {
            trim.setString(1, subdomain.value());
            trim.setString(2, subdomain.value());
            trim.setInt(3, keep);
            trim.executeUpdate();
        }
    }

    /** The values of {@code subdomain}, newest first. */
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

    /**
     * Every enabled account's values, newest first; {@code challenges} is the schema's {@code FROM} clause
     * that joins each account ({@code a}) to its values ({@code t}), if enabled.
     */
    static StoreSnapshot snapshot(Connection c, String challenges) throws SQLException {
        Map<Subdomain, List<TxtEntry>> all = new HashMap<>();
        try (PreparedStatement select =
                        c.prepareStatement("SELECT a.subdomain, t.value, t.seq, t.updated_at " + challenges);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                List<TxtEntry> list = all.computeIfAbsent(new Subdomain(rs.getString(1)), k -> new ArrayList<>());
                if (rs.getString(2) != null) {
                    list.add(entry(rs, 2));
                }
            }
        }
        all.values().forEach(list -> list.sort((x, y) -> Long.compare(y.sequence(), x.sequence())));
        return new StoreSnapshot(all);
    }

    /** The TXT entry held in columns {@code first} (value), {@code first + 1} (seq) and {@code first + 2}. */
    static TxtEntry entry(ResultSet rs, int first) throws SQLException {
        return new TxtEntry(
                new TxtValue(rs.getString(first)), rs.getLong(first + 1), Instant.ofEpochMilli(rs.getLong(first + 2)));
    }

    /** The account held in the {@link #ACCOUNT_COLUMNS} of the row. */
    static Account account(ResultSet rs) throws SQLException {
        return new Account(
                UUID.fromString(rs.getString(1)),
                rs.getString(2),
                new Subdomain(rs.getString(3)),
                allowFrom(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                Optional.ofNullable(rs.getString(6)),
                rs.getBoolean(7));
    }

    /**
     * {@code account} with its last update and CNAME check, read from columns 8 to 11 (last update, CNAME
     * status, target, checked at) of the row that held it.
     */
    private static AccountRecord record(Account account, ResultSet rs) throws SQLException {
        long last = rs.getLong(8);
        Optional<Instant> lastUpdate = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
        Optional<CnameCheck> cname = Optional.empty();
        if (rs.getString(9) != null) {
            cname = Optional.of(new CnameCheck(
                    CnameCheck.Status.valueOf(rs.getString(9)),
                    Optional.ofNullable(rs.getString(10)),
                    Instant.ofEpochMilli(rs.getLong(11))));
        }
        return new AccountRecord(account, lastUpdate, cname);
    }

    static AllowFrom allowFrom(String stored) {
        if (stored == null || stored.isBlank()) {
            return AllowFrom.ANY;
        }
        return new AllowFrom(Arrays.stream(stored.split(",")).map(Cidr::parse).toList());
    }

    private static StoreException noAccount(Subdomain subdomain) {
        return new StoreException("no account owns subdomain " + subdomain);
    }
}
