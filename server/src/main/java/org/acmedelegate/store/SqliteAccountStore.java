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
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit survives a
 * power cut. One connection writes (SQLite has one writer anyway) and one reads; the schema is
 * migrated by Flyway at open.
 */
public final class SqliteAccountStore implements AccountStore {
    private final Connection writer;
    private final Connection reader;

    private SqliteAccountStore(Connection writer, Connection reader) {
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens (creating if absent) and migrates the database. An unreadable or corrupt file is reported,
     * never replaced: {@link StoreException} names the file and the cause.
     */
    public static SqliteAccountStore open(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (Files.exists(file) && !Files.isReadable(file)) {
                throw new StoreException("database " + file + " is not readable");
            }
            SQLiteDataSource dataSource = new SQLiteDataSource(config());
            dataSource.setUrl(url);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/sqlite")
                    .load()
                    .migrate();
            Connection writer = config().createConnection(url);
            Connection reader = config().createConnection(url);
            writer.setAutoCommit(false);
            return new SqliteAccountStore(writer, reader);
        } catch (IOException | SQLException | FlywayException e) {
            throw new StoreException("cannot open database " + file + ": " + SqliteRows.rootMessage(e), e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        return config;
    }

    @Override
    public synchronized void create(Account account) {
        write("create account", () -> {
            try (PreparedStatement insert = writer.prepareStatement(
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
    public synchronized List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        return write("store TXT value", () -> {
            requireAccount(subdomain);
            long seq;
            try (PreparedStatement next = writer.prepareStatement(
                    "UPDATE txt_sequence SET value = value + 1 WHERE id = 1 RETURNING value");
                 ResultSet rs = next.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            try (PreparedStatement upsert = writer.prepareStatement(
                    "INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (subdomain, value) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at")) {
                upsert.setString(1, subdomain.value());
                upsert.setString(2, value.value());
                upsert.setLong(3, seq);
                upsert.setLong(4, now.toEpochMilli());
                upsert.executeUpdate();
            }
            try (PreparedStatement touch = writer.prepareStatement(
                    "UPDATE accounts SET last_update_at = ? WHERE subdomain = ?")) {
                touch.setLong(1, now.toEpochMilli());
                touch.setString(2, subdomain.value());
                touch.executeUpdate();
            }
            try (PreparedStatement trim = writer.prepareStatement(
                    "DELETE FROM txt_values WHERE subdomain = ? AND seq NOT IN "
                            + "(SELECT seq FROM txt_values WHERE subdomain = ? ORDER BY seq DESC LIMIT ?)")) {
                trim.setString(1, subdomain.value());
                trim.setString(2, subdomain.value());
                trim.setInt(3, keep);
                trim.executeUpdate();
            }
            return SqliteRows.entries(writer, subdomain);
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
    public synchronized List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        return write("delete TXT value", () -> {
            requireAccount(subdomain);
            try (PreparedStatement delete = writer.prepareStatement(
                    "DELETE FROM txt_values WHERE subdomain = ? AND value = ?")) {
                delete.setString(1, subdomain.value());
                delete.setString(2, value.value());
                delete.executeUpdate();
            }
            return SqliteRows.entries(writer, subdomain);
        });
    }

    @Override
    public synchronized int purgeExpired(Instant cutoff) {
        return write("purge expired TXT values", () -> {
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM txt_values WHERE updated_at < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void update(Account account) {
        write("update account", () -> {
            try (PreparedStatement update = writer.prepareStatement(
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
    public synchronized boolean delete(UUID username) {
        return write("delete account", () -> {
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
                delete.setString(1, username.toString());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<AccountRecord> list() {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement(
                    "SELECT " + SqliteRows.ACCOUNT_COLUMNS + ", last_update_at, cname_status, cname_target, cname_checked_at"
                            + " FROM accounts ORDER BY created_at, username");
                 ResultSet rs = select.executeQuery()) {
                List<AccountRecord> all = new ArrayList<>();
                while (rs.next()) {
                    long last = rs.getLong(8);
                    Optional<Instant> lastUpdate = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
                    Optional<CnameCheck> cname = Optional.empty();
                    if (rs.getString(9) != null) {
                        cname = Optional.of(new CnameCheck(CnameCheck.Status.valueOf(rs.getString(9)),
                                Optional.ofNullable(rs.getString(10)), Instant.ofEpochMilli(rs.getLong(11))));
                    }
                    all.add(new AccountRecord(SqliteRows.account(rs), lastUpdate, cname));
                }
                return List.copyOf(all);
            } catch (SQLException e) {
                throw new StoreException("listing accounts failed: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public synchronized void recordCnameCheck(UUID username, CnameCheck check) {
        write("record CNAME check", () -> {
            try (PreparedStatement update = writer.prepareStatement(
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
    public void ping() {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement("SELECT count(*) FROM txt_sequence");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
            } catch (SQLException e) {
                throw new StoreException("database not readable: " + SqliteRows.rootMessage(e), e);
            }
        }
    }

    @Override
    public int accountCount() {
        synchronized (reader) {
            return SqliteBulkReads.accountCount(reader);
        }
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
    public synchronized void close() {
        try {
            writer.close();
            synchronized (reader) {
                reader.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing the database failed: " + SqliteRows.rootMessage(e), e);
        }
    }

    private void requireAccount(Subdomain subdomain) throws SQLException {
        try (PreparedStatement select = writer.prepareStatement("SELECT 1 FROM accounts WHERE subdomain = ?")) {
            select.setString(1, subdomain.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no account owns subdomain " + subdomain);
                }
            }
        }
    }

    /** Runs one write transaction on the writer connection: commit on success, roll back on any failure. */
    private <T> T write(String what, SqlWork<T> work) {
        try {
            T result = work.run();
            writer.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                writer.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(what + " failed: " + SqliteRows.rootMessage(e), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}
