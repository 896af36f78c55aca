package org.acmedelegate.hook;

/**
 * Every exit status the hook can return. Hook callers only distinguish zero from non-zero, except uacme,
 * which reads {@link #UNSUPPORTED_CHALLENGE} (1) as "try the next challenge type".
 */
public enum ExitCode {
    OK(0),
    UNSUPPORTED_CHALLENGE(1),
    USAGE(2),
    NO_ACCOUNT(3),
    ACCOUNT_EXISTS(4),
    ACCOUNT_FILE(5),
    SERVER_UNREACHABLE(6),
    UNAUTHORIZED(7),
    SERVER_REJECTED(8),
    PROPAGATION_TIMEOUT(9),
    DNS_ERROR(10),
    CNAME_MISMATCH(11),
    /** The server's HTTPS certificate was refused (untrusted, expired, wrong name). */
    TLS(12),
    INTERNAL(70);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
