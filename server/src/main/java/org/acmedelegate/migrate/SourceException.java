package org.acmedelegate.migrate;

/** An import source that is missing, unreadable, unsupported or not an acme-dns database; nothing was written. */
public final class SourceException extends RuntimeException {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
