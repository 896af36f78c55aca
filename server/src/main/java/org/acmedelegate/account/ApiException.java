package org.acmedelegate.account;

/**
 * A request that cannot be served, carrying the acme-dns error code that the HTTP layer turns into
 * {@code {"error":"<code>"}}. The message is for the operator's log and never holds a secret.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode error;

    public ApiException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ApiException(ErrorCode error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
