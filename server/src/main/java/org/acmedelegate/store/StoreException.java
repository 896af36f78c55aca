package org.acmedelegate.store;

/**
 * The store could not do what was asked; nothing was committed. Its {@link Kind} tells a caller whether
 * the store could not be reached for the write (try again later) or the write itself failed.
 */
public final class StoreException extends RuntimeException {
    /** Why the operation failed, as far as a caller should act on it. */
    public enum Kind {
        /**
         * The database could not be reached for this write: locked by another process past the busy
         * timeout, or its file deleted or replaced while running. A later try may succeed.
         */
        UNAVAILABLE,
        /** The database was reached and the operation failed: disk full, I/O error, corrupt file, a refused row. */
        FAILED
    }

    private final Kind kind;

    public StoreException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    public StoreException(String message) {
        this(Kind.FAILED, message, null);
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
