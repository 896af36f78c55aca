package org.acmedelegate.http;

import java.util.Optional;
import java.util.function.Supplier;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.CnameVerifier;

/**
 * What the HTTP listeners share besides the account service: the audit log, metrics, the per-client
 * limits on registrations and on failed authentication, the readiness check, the CNAME verifier (when
 * configured) and the TLS reloader (when TLS is on).
 */
public record Operations(
        AuditLog audit,
        Metrics metrics,
        RateLimiter registerLimit,
        RateLimiter authFailureLimit,
        Supplier<Readiness> ready,
        Optional<CnameVerifier> cnameVerifier,
        Optional<TlsReloader> tls) {

    /**
     * With {@code [audit] require}, refuses an audited action (503, retry in 5 s) while the audit log
     * cannot be written: sites whose policy demands a record of every change fail closed.
     */
    public void requireAuditLog() {
        if (audit.required() && !audit.writable()) {
            throw new ApiException(
                    ErrorCode.UNAVAILABLE, "the audit log cannot be written and [audit] require is on", 5);
        }
    }
}
