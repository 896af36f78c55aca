package org.acmedelegate.account;

/** The error codes and HTTP statuses of the acme-dns API, which existing clients recognise. */
public enum ErrorCode {
    FORBIDDEN(401, "forbidden"),
    BAD_TXT(400, "bad_txt"),
    BAD_SUBDOMAIN(400, "bad_subdomain"),
    MALFORMED_JSON(400, "malformed_json_payload"),
    INVALID_ALLOWFROM_CIDR(400, "invalid_allowfrom_cidr"),
    BAD_DOMAIN(400, "bad_domain"),
    /** Registration needs a valid token ({@code registration = "token"}). */
    UNAUTHORIZED(401, "unauthorized"),
    /** The token may not register that domain. */
    DOMAIN_NOT_ALLOWED(403, "domain_not_allowed"),
    TOO_MANY_REQUESTS(429, "too_many_requests"),
    NOT_FOUND(404, "not_found"),
    /** An administrator asked to change a registration the server keeps for itself. */
    RESERVED(409, "reserved"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    DB_ERROR(500, "db_error"),
    INTERNAL_ERROR(500, "internal_error"),
    UNAVAILABLE(503, "service_unavailable");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
