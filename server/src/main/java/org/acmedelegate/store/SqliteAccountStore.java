package org.acmedelegate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit survives a
 * power cut. One connection writes (SQLite has one writer anyway, see {@link SqliteWriter}) and one reads;
 * the schema is migrated by Flyway at open. The process that opened it holds {@code <database>.lock}
 * until it closes the store, so a second server or an import cannot write the same file meanwhile.
 */
public final class SqliteAccountStore implements AccountStore, TsigKeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteAccountStore.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5000;

    private final SqliteWriter writer;
    private final Connection reader;
    private final ProcessLock lock;

    private SqliteAccountStore(SqliteWriter writer, Connection reader, ProcessLock lock) {
        this.writer = writer;
        this.reader = reader;
        this.lock = lock;
    }

    /** Opens (creating if absent, with a warning) and migrates the database; see {@link #open(Path, boolean)}. */
    public static SqliteAccountStore open(Path file) {
        return open(file, true);
    }

    /**
     * Opens and migrates the database and takes its process lock. An unreadable or corrupt file is
     * reported, never replaced; a missing one is created (with a warning, as every credential is lost
     * if it was deleted by mistake) only when {@code createIfMissing}. {@link StoreException} names the
     * file and the cause, or the process that holds the lock.
     */
    public static SqliteAccountStore open(Path file, boolean createIfMissing) {
        Path path = file.toAbsolutePath();
        String url = "jdbc:sqlite:" + path;
        boolean missing = !Files.exists(path);
        if (missing && !createIfMissing) {
            throw new StoreException("database " + path + " does not exist; restore it, or start without"
                    + " --no-create to create a new, empty one");
        }
        ProcessLock lock = null;
        Connection writer = null;
        Connection reader = null;
        try {
            Path dir = path.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            lock = ProcessLock.acquire(path);
            if (missing) {
                LOG.warn(
                        "database {} does not exist: creating a new, empty one (no accounts). If it should exist,"
                                + " stop the server and restore it from a backup",
                        path);
            } else if (!Files.isReadable(path)) {
                throw new StoreException("database " + path + " is not readable");
            }
            SQLiteDataSource dataSource = new SQLiteDataSource(config());
            dataSource.setUrl(url);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/sqlite")
                    .load()
                    .migrate();
            writer = config().createConnection(url);
            reader = config().createConnection(url);
            // Opens the write-ahead log, so its identity is recorded with the database's.
            SqliteBulkReads.accountCount(reader);
            FileIdentity identity = FileIdentity.of(path);
            return new SqliteAccountStore(
                    new SqliteWriter(() -> config().createConnection(url), identity, writer), reader, lock);
        } catch (IOException | SQLException | FlywayException | StoreException e) {
            closeQuietly(writer);
            closeQuietly(reader);
            if (lock != null) {
                lock.close();
            }
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("cannot open database " + path + ": " + SqliteRows.rootMessage(e), e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Failing already.
            }
        }
    }

    @Override
    public void create(Account account) {
        writer.write("create account", c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (username, key_hash, subdomain, allow_from, created_at, domain, disabled)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, account.username().toString());
                insert.setString(2, account.keyHash());
                insert.setString(3, account.subdomain().value());
                insert.setString(4, String.join(",", account.allowFrom().asStrings()));
                insert.setLong(5, account.createdAt().toEpochMilli());
                insert.setString(6, account.domain().orElse(null));
                insert.setInt(7, account.disabled() ? 1 : 0);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Account> findByUsername(UUID username) {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement(
                    "SELECT " + SqliteRows.ACCOUNT_COLUMNS + " FROM accounts WHERE username = ?")) {
                select.setString(1, username.toString());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(SqliteRows.account(rs));
                }
            } catch (SQLException e) {
                throw new StoreException("read account failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        return writer.write("store TXT value", c -> {
            requireAccount(c, subdomain);
            long seq;
            try (PreparedStatement next = c.prepareStatement(
                            "UPDATE txt_sequence SET value = value + 1 WHERE id = 1 RETURNING value");
                    ResultSet rs = next.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
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
            try (PreparedStatement touch =
                    c.prepareStatement("UPDATE accounts SET last_update_at = ? WHERE subdomain = ?")) {
                touch.setLong(1, now.toEpochMilli());
                touch.setString(2, subdomain.value());
                touch.executeUpdate();
            }
            SqlRows.keepNewest(c, subdomain, keep);
            return SqliteRows.entries(c, subdomain);
        });
    }

    @Override
    public List<TxtEntry> txtEntries(Subdomain subdomain) {
        synchronized (reader) {
            try {
                return SqliteRows.entries(reader, subdomain);
            } catch (SQLException e) {
                throw new StoreException("read TXT values failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        return writer.write("delete TXT value", c -> {
            requireAccount(c, subdomain);
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM txt_values WHERE subdomain = ? AND value = ?")) {
                delete.setString(1, subdomain.value());
                delete.setString(2, value.value());
                delete.executeUpdate();
            }
            return SqliteRows.entries(c, subdomain);
        });
    }

    @Override
    public int purgeExpired(Instant cutoff) {
        return writer.write("purge expired TXT values", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM txt_values WHERE updated_at < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void update(Account account) {
        writer.write("update account", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    // A check of another domain says nothing about the new one: it goes when the domain changes.
                    "UPDATE accounts SET cname_status = CASE WHEN domain IS ?1 THEN cname_status END,"
                            + " cname_target = CASE WHEN domain IS ?1 THEN cname_target END,"
                            + " cname_checked_at = CASE WHEN domain IS ?1 THEN cname_checked_at END,"
                            + " key_hash = ?2, allow_from = ?3, domain = ?1, disabled = ?4 WHERE username = ?5")) {
                update.setString(1, account.domain().orElse(null));
                update.setString(2, account.keyHash());
                update.setString(3, String.join(",", account.allowFrom().asStrings()));
                update.setInt(4, account.disabled() ? 1 : 0);
                update.setString(5, account.username().toString());
                if (update.executeUpdate() != 1) {
                    throw new StoreException("no account " + account.username());
                }
            }
            return null;
        });
    }

    @Override
    public boolean delete(UUID username) {
        return writer.write("delete account", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
                delete.setString(1, username.toString());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<AccountRecord> list() {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement("SELECT " + SqliteRows.ACCOUNT_COLUMNS
                            + ", last_update_at, cname_status, cname_target, cname_checked_at"
                            + " FROM accounts ORDER BY created_at, username");
                    ResultSet rs = select.executeQuery()) {
                List<AccountRecord> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(SqliteRows.accountRecord(rs));
                }
                return List.copyOf(all);
            } catch (SQLException e) {
                throw new StoreException("listing accounts failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public void recordCnameCheck(UUID username, CnameCheck check) {
        writer.write("record CNAME check", c -> {
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
        writer.write("store TSIG key", c -> {
            TsigKeyRows.put(c, key);
            return null;
        });
    }

    @Override
    public boolean deleteTsigKey(UUID username) {
        return writer.write("delete TSIG key", c -> TsigKeyRows.delete(c, username));
    }

    @Override
    public List<StoredTsigKey> tsigKeys() {
        synchronized (reader) {
            try {
                return TsigKeyRows.all(reader);
            } catch (SQLException e) {
                throw new StoreException("read TSIG keys failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public StoreHealth check() {
        return writer.check();
    }

    @Override
    public int accountCount() {
        synchronized (reader) {
            return SqliteBulkReads.accountCount(reader);
        }
    }

    @Override
    public Optional<ZoneJournalStore> zoneJournal() {
        return Optional.of(new SqliteZoneJournal(writer, reader));
    }

    @Override
    public StoreSnapshot snapshot() {
        synchronized (reader) {
            return SqliteBulkReads.snapshot(reader);
        }
    }

    @Override
    public void scanChallenges(ChallengeRows rows) {
        synchronized (reader) {
            SqliteBulkReads.scanChallenges(reader, rows);
        }
    }

    @Override
    public void close() {
        writer.close();
        synchronized (reader) {
            closeQuietly(reader);
        }
        lock.close();
    }

    private static void requireAccount(Connection c, Subdomain subdomain) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM accounts WHERE subdomain = ?")) {
            select.setString(1, subdomain.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no account owns subdomain " + subdomain);
                }
            }
        }
    }
}
