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
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/**
 * The store on a shared PostgreSQL database, for several nodes. Every write is one transaction; a write
 * that changes what DNS answers moves the cluster-wide change sequence on first (see {@link ChangeLog}),
 * records which subdomains it touched, and notifies listening nodes at commit. A TXT value's sequence
 * is the change sequence of the write that put it.
 */
public final class PostgresAccountStore implements AccountStore, TsigKeyStore, ChangeLog {
    /** The LISTEN/NOTIFY channel that says "the change sequence moved"; the payload is the new sequence. */
    public static final String CHANNEL = "acme_delegate_changes";

    private final PostgresDatabase db;
    private final ThreadLocal<long[]> lastWrite = ThreadLocal.withInitial(() -> new long[1]);

    public PostgresAccountStore(PostgresDatabase db) {
        this.db = db;
    }

    public PostgresDatabase database() {
        return db;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T write(String what, Work<T> work) {
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw PostgresErrors.failure(what, e);
        }
    }

    private <T> T read(String what, Work<T> work) {
        try (Connection c = db.pool().getConnection()) {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw PostgresErrors.failure(what, e);
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the pool drops a connection that cannot roll back
        }
    }

    private long changed(Connection c, String... subdomains) throws SQLException {
        long seq = PostgresRows.nextChange(c, List.of(subdomains));
        lastWrite.get()[0] = seq;
        return seq;
    }

    @Override
    public Optional<ZoneJournalStore> zoneJournal() {
        return Optional.of(new PostgresZoneJournal(db));
    }

    @Override
    public long lastWriteSequence() {
        return lastWrite.get()[0];
    }

    @Override
    public void create(Account account) {
        write("create account", c -> {
            changed(c, account.subdomain().value());
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (username, key_hash, subdomain, allow_from, created_at, domain, disabled)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, account.username().toString());
                insert.setString(2, account.keyHash());
                insert.setString(3, account.subdomain().value());
                insert.setString(4, String.join(",", account.allowFrom().asStrings()));
                insert.setLong(5, account.createdAt().toEpochMilli());
                insert.setString(6, account.domain().orElse(null));
                insert.setBoolean(7, account.disabled());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Account> findByUsername(UUID username) {
        return read("read account", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + PostgresRows.ACCOUNT_COLUMNS + " FROM accounts WHERE username = ?")) {
                select.setString(1, username.toString());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(PostgresRows.account(rs)) : Optional.<Account>empty();
                }
            }
        });
    }

    @Override
    public List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        return write("store TXT value", c -> {
            long seq = changed(c, subdomain.value());
            try (PreparedStatement touch =
                    c.prepareStatement("UPDATE accounts SET last_update_at = ? WHERE subdomain = ?")) {
                touch.setLong(1, now.toEpochMilli());
                touch.setString(2, subdomain.value());
                if (touch.executeUpdate() != 1) {
                    throw new StoreException("no account owns subdomain " + subdomain);
                }
            }
            try (PreparedStatement upsert = c.prepareStatement(
                    "INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (subdomain, value) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at")) {
                upsert.setString(1, subdomain.value());
                upsert.setString(2, value.value());
                upsert.setLong(3, seq);
                upsert.setLong(4, now.toEpochMilli());
                upsert.executeUpdate();
            }
            SqlRows.keepNewest(c, subdomain, keep);
            return PostgresRows.entries(c, subdomain);
        });
    }

    @Override
    public List<TxtEntry> txtEntries(Subdomain subdomain) {
        return read("read TXT values", c -> PostgresRows.entries(c, subdomain));
    }

    @Override
    public List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        return write("delete TXT value", c -> {
            changed(c, subdomain.value());
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM accounts WHERE subdomain = ?")) {
                select.setString(1, subdomain.value());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("no account owns subdomain " + subdomain);
                    }
                }
            }
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM txt_values WHERE subdomain = ? AND value = ?")) {
                delete.setString(1, subdomain.value());
                delete.setString(2, value.value());
                delete.executeUpdate();
            }
            return PostgresRows.entries(c, subdomain);
        });
    }

    @Override
    public int purgeExpired(Instant cutoff) {
        boolean any = read("look for expired TXT values", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT 1 FROM txt_values WHERE updated_at < ? LIMIT 1")) {
                select.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!any) {
            return 0; // no change, so the sequence (and the SOA serial) stays where it is
        }
        return write("purge expired TXT values", c -> {
            long seq = PostgresRows.bumpCounter(c);
            List<String> subdomains = new ArrayList<>();
            int purged = 0;
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM txt_values WHERE updated_at < ? RETURNING subdomain")) {
                delete.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rs = delete.executeQuery()) {
                    while (rs.next()) {
                        purged++;
                        subdomains.add(rs.getString(1));
                    }
                }
            }
            PostgresRows.recordChange(c, seq, subdomains.stream().distinct().toList());
            lastWrite.get()[0] = seq;
            return purged;
        });
    }

    @Override
    public void update(Account account) {
        write("update account", c -> {
            changed(c, account.subdomain().value());
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
            return null;
        });
    }

    @Override
    public boolean delete(UUID username) {
        return write("delete account", c -> {
            String subdomain;
            try (PreparedStatement select = c.prepareStatement("SELECT subdomain FROM accounts WHERE username = ?")) {
                select.setString(1, username.toString());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    subdomain = rs.getString(1);
                }
            }
            changed(c, subdomain);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
                delete.setString(1, username.toString());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<AccountRecord> list() {
        return read("list accounts", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + PostgresRows.ACCOUNT_COLUMNS
                            + ", last_update_at, cname_status, cname_target, cname_checked_at"
                            + " FROM accounts ORDER BY created_at, username");
                    ResultSet rs = select.executeQuery()) {
                List<AccountRecord> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(PostgresRows.record(rs));
                }
                return List.copyOf(all);
            }
        });
    }

    @Override
    public void recordCnameCheck(UUID username, CnameCheck check) {
        write("record CNAME check", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET cname_status = ?, cname_target = ?, cname_checked_at = ? WHERE username = ?")) {
                update.setString(1, check.status().name());
                update.setString(2, check.target().orElse(null));
                update.setLong(3, check.checkedAt().toEpochMilli());
                update.setString(4, username.toString());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void putTsigKey(StoredTsigKey key) {
        write("store TSIG key", c -> {
            TsigKeyRows.put(c, key);
            return null;
        });
    }

    @Override
    public boolean deleteTsigKey(UUID username) {
        return write("delete TSIG key", c -> TsigKeyRows.delete(c, username));
    }

    @Override
    public List<StoredTsigKey> tsigKeys() {
        return read("read TSIG keys", TsigKeyRows::all);
    }

    @Override
    public StoreHealth check() {
        try (Connection c = db.pool().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT pg_is_in_recovery()");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                return new StoreHealth(
                        StoreHealth.State.WRITES_FAILING, "the database at " + db.url() + " is a read-only standby");
            }
            return StoreHealth.WRITABLE;
        } catch (SQLException | RuntimeException e) {
            StoreHealth.State state = PostgresErrors.unavailable(e)
                    ? StoreHealth.State.DATABASE_UNREACHABLE
                    : StoreHealth.State.WRITES_FAILING;
            return new StoreHealth(
                    state, "the database at " + db.url() + " cannot be used: " + SqliteRows.rootMessage(e));
        }
    }

    @Override
    public int accountCount() {
        return read("count accounts", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM accounts");
                    ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public StoreSnapshot snapshot() {
        return read("read snapshot", PostgresChangeReads::snapshot);
    }

    @Override
    public void scanChallenges(ChallengeRows rows) {
        scanAll(rows);
    }

    @Override
    public long scanAll(ChallengeRows rows) {
        return read("read every registration", c -> PostgresChangeReads.scanAll(c, rows));
    }

    @Override
    public ChangeBatch changesAfter(long applied, int maxSubdomains) {
        return read("read changes", c -> PostgresChangeReads.changesAfter(c, applied, maxSubdomains));
    }

    @Override
    public long headSequence() {
        return read("read the change sequence", PostgresChangeReads::head);
    }

    @Override
    public int pruneChanges(long retentionSeconds) {
        return write("prune changes", c -> PostgresChangeReads.prune(c, retentionSeconds));
    }

    @Override
    public void close() {
        db.close();
    }
}
