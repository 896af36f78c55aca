package org.acmedelegate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
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
        return writer.write("store TXT value", c -> {
            SqlRows.touchAccount(c, subdomain, now);
            SqlRows.upsertTxt(c, subdomain, value, SqliteRows.nextTxtSequence(c), now);
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
        return writer.write("delete TXT value", c -> {
            SqlRows.requireAccount(c, subdomain);
            SqlRows.deleteTxt(c, subdomain, value);
            return SqlRows.entries(c, subdomain);
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
            SqlRows.updateAccount(c, account);
            return null;
        });
    }

    @Override
    public boolean delete(UUID username) {
        return writer.write("delete account", c -> SqlRows.deleteAccount(c, username));
    }

    @Override
    public List<AccountRecord> list() {
        return read("listing accounts", SqlRows::listAccounts);
    }

    @Override
    public void recordCnameCheck(UUID username, CnameCheck check) {
        writer.write("record CNAME check", c -> {
            SqlRows.recordCnameCheck(c, username, check);
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
        return read("read TSIG keys", TsigKeyRows::all);
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

    private <T> T read(String what, SqliteWriter.Work<T> work) {
        synchronized (reader) {
            try {
                return work.run(reader);
            } catch (SQLException e) {
                throw new StoreException(what + " failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }
}
