package org.acmedelegate.store;

import java.sql.SQLException;
import java.util.Optional;

/** Reads SQLite's result codes out of the exceptions sqlite-jdbc throws, for {@link SqliteWriter}. */
final class SqliteErrors {
    // SQLite's primary result codes (the low byte of an extended code).
    private static final int NOMEM = 7;
    private static final int READONLY = 8;
    private static final int BUSY = 5;
    private static final int LOCKED = 6;
    private static final int IOERR = 10;
    private static final int CORRUPT = 11;
    private static final int FULL = 13;
    private static final int CANTOPEN = 14;
    private static final int PROTOCOL = 15;
    private static final int NOTADB = 26;

    private SqliteErrors() {}

    /** The primary SQLite result code of the first {@link SQLException} in the chain, or -1. */
    static int code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() > 0) {
                return sql.getErrorCode() & 0xff;
            }
        }
        return -1;
    }

    /** Another connection held the lock past the busy timeout. */
    static boolean busy(Throwable e) {
        int code = code(e);
        return code == BUSY || code == LOCKED;
    }

    /**
     * What a failed write says about the store as a whole: locked, or failing writes (full disk, I/O
     * error, read-only or corrupt file); empty when it says nothing (a refused row, an account gone).
     */
    static Optional<StoreHealth.State> stateAfter(Throwable e) {
        return switch (code(e)) {
            case BUSY, LOCKED -> Optional.of(StoreHealth.State.DATABASE_LOCKED);
            case NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB ->
                Optional.of(StoreHealth.State.WRITES_FAILING);
            default -> Optional.empty();
        };
    }

    /** A ROLLBACK that failed only because SQLite had already rolled the transaction back itself. */
    static boolean noTransactionActive(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("no transaction is active");
    }

    /** {@code e} as the store's exception: unavailable when the lock could not be had, failed otherwise. */
    static StoreException failure(String what, Throwable e) {
        if (e instanceof StoreException store) {
            return store;
        }
        if (busy(e)) {
            return new StoreException(
                    StoreException.Kind.UNAVAILABLE,
                    what + " failed: the database is locked by" + " another connection past the busy timeout ("
                            + SqliteRows.rootMessage(e) + ")",
                    e);
        }
        return new StoreException(what + " failed: " + SqliteRows.rootMessage(e), e);
    }
}
