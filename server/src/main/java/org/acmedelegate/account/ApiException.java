package org.acmedelegate.account;

/**
 * A request that cannot be served, carrying the acme-dns error code that the HTTP layer turns into
 * {@code {"error":"<code>"}}. The message is for the operator's log and never holds a secret.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode error;
    private final int retryAfterSeconds;

    public ApiException(ErrorCode error, String message) {
        this(error, message, 0);
    }

    /** A refusal the client may retry after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public ApiException(ErrorCode error, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(ErrorCode error, String message, Throwable cause) {
        this(error, message, cause, 0);
    }

    /** A failure with its cause (for the log) that the client may retry after {@code retryAfterSeconds}. */
    public ApiException(ErrorCode error, String message, Throwable cause, int retryAfterSeconds) {
        super(message, cause, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which a retry may succeed; 0 when there is no such hint. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorCode error() {
        return error;
    }
}
