package org.acmedelegate.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Reads PostgreSQL's SQLSTATEs out of the exceptions pgjdbc and the pool throw, for the PostgreSQL store. */
final class PostgresErrors {
    private PostgresErrors() {}

    /** The SQLSTATE of the first {@link SQLException} in the chain that has one, or "". */
    static String state(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * The database could not be reached, went away mid-way, is shutting down or starting, is a read-only
     * standby (after a failover), or the transaction lost a serialization race: a later try may succeed.
     */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool found no connection within its timeout
            }
        }
        String state = state(e);
        return state.startsWith("08")
                || state.startsWith("57P")
                || state.equals("53300")
                || state.equals("25006")
                || state.equals("40001")
                || state.equals("40P01");
    }

    /** {@code e} as the store's exception: unavailable when the database could not be used, failed otherwise. */
    static StoreException failure(String what, Throwable e) {
        if (e instanceof StoreException store) {
            return store;
        }
        if (unavailable(e)) {
            return new StoreException(
                    StoreException.Kind.UNAVAILABLE,
                    what + " failed: the database cannot be" + " reached (" + SqliteRows.rootMessage(e) + ")",
                    e);
        }
        return new StoreException(what + " failed: " + SqliteRows.rootMessage(e), e);
    }
}
