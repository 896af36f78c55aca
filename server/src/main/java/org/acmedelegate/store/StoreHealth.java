package org.acmedelegate.store;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether the store can take a write now and, if not, why: {@code detail} is for the operator's log (it
 * may name files), {@link #reason} is a short code that may be shown to anyone.
 */
public record StoreHealth(State state, String detail) {
    public static final StoreHealth WRITABLE = new StoreHealth(State.WRITABLE, "writable");

    /** What the last check found. */
    public enum State {
        WRITABLE,
        /** Another connection holds the write lock past the busy timeout. */
        DATABASE_LOCKED,
        /** Writes fail in the database itself: disk full, I/O error, read-only or corrupt file. */
        WRITES_FAILING,
        /** The database file was deleted or replaced while the store had it open; only a restart mends it. */
        DATABASE_GONE,
        /** The database server cannot be reached or refuses connections (PostgreSQL); mends itself when it returns. */
        DATABASE_UNREACHABLE
    }

    public StoreHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean writable() {
        return state == State.WRITABLE;
    }

    /** The state as a short lower-case code, e.g. {@code database_locked}. */
    public String reason() {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
