package org.acmedelegate.store;

/** The store could not do what was asked (I/O, a full disk, a corrupt file). Nothing was committed. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
