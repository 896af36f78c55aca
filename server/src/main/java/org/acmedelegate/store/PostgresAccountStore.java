package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
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
    private final ThreadLocal<WriteMark> lastWrite = ThreadLocal.withInitial(() -> WriteMark.NONE);

    /**
     * The sequences of this thread's last write: {@code last}, and for a purge each name's own ({@code perName});
     * any other write gave its one sequence to every name it changed ({@code perName} null).
     */
    private record WriteMark(long last, Map<String, Long> perName) {
        static final WriteMark NONE = new WriteMark(0, Map.of());

        long of(String subdomain) {
            return perName == null ? last : perName.getOrDefault(subdomain, 0L);
        }
    }

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
        lastWrite.set(new WriteMark(seq, null));
        return seq;
    }

    @Override
    public Optional<ZoneJournalStore> zoneJournal() {
        return Optional.of(new PostgresZoneJournal(db));
    }

    @Override
    public long lastWriteSequence() {
        return lastWrite.get().last();
    }

    @Override
    public long writeSequenceOf(String subdomain) {
        return lastWrite.get().of(subdomain);
    }

    @Override
    public void create(Account account) {
        write("create account", c -> {
            changed(c, account.subdomain().value());
            SqlRows.insertAccount(c, account);
            return null;
        });
    }

    @Override
    public Optional<Account> findByUsername(UUID username) {
        return read("read account", c -> SqlRows.findAccount(c, username));
    }

    @Override
    public List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        return write("store TXT value", c -> {
            long seq = changed(c, subdomain.value());
            SqlRows.touchAccount(c, subdomain, now);
            SqlRows.upsertTxt(c, subdomain, value, seq, now);
            SqlRows.keepNewest(c, subdomain, keep);
            return SqlRows.entries(c, subdomain);
        });
    }

    @Override
    public List<TxtEntry> txtEntries(Subdomain subdomain) {
        return read("read TXT values", c -> SqlRows.entries(c, subdomain));
    }

    @Override
    public List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        return write("delete TXT value", c -> {
            changed(c, subdomain.value());
            SqlRows.requireAccount(c, subdomain);
            SqlRows.deleteTxt(c, subdomain, value);
            return SqlRows.entries(c, subdomain);
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
            // No change, so the sequence (and the SOA serial) stays where it is. The values this node's index
            // drops next are another node's purge, which that node records: none is this thread's write.
            lastWrite.set(WriteMark.NONE);
            return 0;
        }
        return write("purge expired TXT values", c -> {
            // The counter's lock first, as every write takes it: then the deletes cannot deadlock with them.
            long seq = PostgresRows.bumpCounter(c);
            SortedSet<String> subdomains = new TreeSet<>();
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
            if (purged == 0) {
                // Another node's purge took them first (and records them): no sequence without a change.
                c.rollback();
                lastWrite.set(WriteMark.NONE);
                return 0;
            }
            // A sequence per name, so that the zone journal keeps one change per position and secondaries
            // follow a sweep by IXFR.
            Map<String, Long> sequences = new HashMap<>();
            for (String subdomain : subdomains) {
                if (!sequences.isEmpty()) {
                    seq = PostgresRows.bumpCounter(c);
                }
                PostgresRows.recordChange(c, seq, List.of(subdomain));
                sequences.put(subdomain, seq);
            }
            lastWrite.set(new WriteMark(seq, sequences));
            return purged;
        });
    }

    @Override
    public void update(Account account) {
        write("update account", c -> {
            changed(c, account.subdomain().value());
            SqlRows.updateAccount(c, account);
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
            return SqlRows.deleteAccount(c, username);
        });
    }

    @Override
    public List<AccountRecord> list() {
        return read("list accounts", SqlRows::listAccounts);
    }

    @Override
    public void recordCnameCheck(UUID username, CnameCheck check) {
        write("record CNAME check", c -> {
            SqlRows.recordCnameCheck(c, username, check);
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
        return read("count accounts", SqlRows::countAccounts);
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
