package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's writing side. Every write is one {@code BEGIN IMMEDIATE} transaction, so the busy timeout
 * covers taking the write lock, and it either commits or leaves nothing: after any failure the connection
 * is rolled back, or replaced when even that fails, so the next write starts from a known state. A write
 * into database files that were deleted or replaced since they were opened is refused, and
 * {@link #check} tells whether a write could succeed now without blocking a writer.
 */
final class SqliteWriter implements AutoCloseable {
    private final Connector connector;
    private final FileIdentity identity;
    private Connection connection; // guarded by this; null until (re)opened
    private Connection probe; // guarded by probeLock; a connection of its own, so a check never holds up a write
    private final Object probeLock = new Object();
    private volatile String gone;
    // The last failed write's verdict on the store; cleared by a later write or probe that succeeds.
    private final AtomicReference<StoreHealth> failure = new AtomicReference<>();

    /** Opens one connection to the database. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** One transaction's statements. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    SqliteWriter(Connector connector, FileIdentity identity, Connection connection) {
        this.connector = connector;
        this.identity = identity;
        this.connection = connection;
    }

    synchronized <T> T write(String what, Work<T> work) {
        requireSameFiles(what);
        T result;
        try {
            if (connection == null) {
                connection = connector.open();
            }
            execute(connection, "BEGIN IMMEDIATE");
            result = work.run(connection);
            execute(connection, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            connection = reset(connection, e);
            StoreException failed = SqliteErrors.failure(what, e);
            SqliteErrors.stateAfter(e).ifPresent(state -> failure.set(new StoreHealth(state, failed.getMessage())));
            throw failed;
        }
        failure.set(null);
        // Deleted between the check above and the commit: what was committed went into the old file.
        requireSameFiles(what);
        return result;
    }

    /**
     * Whether a write could succeed now: the files are the ones opened, the write lock can be had within
     * the busy timeout and, after a failed write, a small write succeeds. May wait up to the busy timeout.
     */
    StoreHealth check() {
        Optional<String> changed = filesChanged();
        if (changed.isPresent()) {
            return new StoreHealth(StoreHealth.State.DATABASE_GONE, changed.get());
        }
        StoreHealth failed = failure.get();
        synchronized (probeLock) {
            try {
                if (probe == null) {
                    probe = connector.open();
                }
                execute(probe, "BEGIN IMMEDIATE");
                if (failed == null) {
                    execute(probe, "ROLLBACK");
                } else {
                    // Writes failed (a full disk, say): only a real write shows they work again. SQLite skips
                    // rewriting a row to what it holds, so the sequence moves on by one (gaps are harmless).
                    execute(probe, "UPDATE txt_sequence SET value = value + 1 WHERE id = 1");
                    execute(probe, "COMMIT");
                }
            } catch (SQLException | RuntimeException e) {
                probe = reset(probe, e);
                StoreHealth.State state = SqliteErrors.stateAfter(e).orElse(StoreHealth.State.WRITES_FAILING);
                return new StoreHealth(state, "a test write failed: " + SqliteRows.rootMessage(e));
            }
        }
        failure.compareAndSet(failed, null);
        return StoreHealth.WRITABLE;
    }

    private void requireSameFiles(String what) {
        Optional<String> changed = filesChanged();
        if (changed.isPresent()) {
            throw new StoreException(
                    StoreException.Kind.UNAVAILABLE,
                    what + " refused: " + changed.get()
                            + " while the server had it open; restore it and restart the server",
                    null);
        }
    }

    // Once gone, always gone: a file put back under the same name is not the one this process has open.
    private Optional<String> filesChanged() {
        if (gone == null) {
            identity.change().ifPresent(change -> gone = change);
        }
        return Optional.ofNullable(gone);
    }

    /** Rolls back what {@code c} has open; returns it, or null (closed) when its state is unknown. */
    private static Connection reset(Connection c, Exception failure) {
        if (c == null) {
            return null;
        }
        try {
            execute(c, "ROLLBACK");
            return c;
        } catch (SQLException rollback) {
            if (SqliteErrors.noTransactionActive(rollback)) {
                return c; // SQLite had rolled back on its own (a full disk, a busy lock): nothing is open.
            }
            failure.addSuppressed(rollback);
            close(c);
            return null;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Replaced anyway.
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            close(connection);
        }
        synchronized (probeLock) {
            if (probe != null) {
                close(probe);
            }
        }
    }
}
