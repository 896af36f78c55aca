package org.acmedelegate.update;

import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.dns.tsig.TsigKeyring;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.metrics.Metrics;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Decides on the receiving thread, from memory and with at most one HMAC, what an UPDATE gets before any
 * store work: a source past the failed-login limit REFUSED unread (not even parsed), an unsigned UPDATE REFUSED, a TSIG
 * failure its RFC 8945 answer (BADKEY for a key name no registration has, without any HMAC), each failure
 * counted against the source like a failed {@code /update} login and audited in aggregate. Only verified
 * UPDATEs go on to the worker, so forged ones never queue ahead of real ones.
 */
public final class UpdateScreen {
    private final TsigVerifier verifier;
    private final RateLimiter authFailures;
    private final TsigFailureAudit audit;
    private final Metrics metrics;
    private final AtomicLong badTsig = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();

    /** What the screen decided: {@code reply} to send now, or null to apply the verified UPDATE. */
    public record Decision(Message reply, TsigVerdict verdict) {}

    public UpdateScreen(
            TsigKeyring keys, Clock clock, RateLimiter authFailures, TsigFailureAudit audit, Metrics metrics) {
        this.verifier = new TsigVerifier(keys, clock);
        this.authFailures = authFailures;
        this.audit = audit;
        this.metrics = metrics;
        metrics.counter(
                "acme_delegate_dns_updates_bad_tsig_total",
                "RFC 2136 UPDATEs with an unknown key, a bad signature or a bad time",
                badTsig::get);
        metrics.counter(
                "acme_delegate_dns_updates_over_limit_total",
                "RFC 2136 UPDATEs refused unread: their source is past the failed-login limit",
                overLimit::get);
    }

    /**
     * The REFUSED reply for an UPDATE ({@code wire}) from a source past the failed-login limit, built from its
     * header and zone section without parsing it, looking up a key or computing an HMAC; null when the source
     * is within the limit and the UPDATE goes on to {@link #screen}.
     */
    public byte[] refusedUnread(byte[] wire, InetAddress client) {
        if (authFailures.retryAfter(client) <= 0) {
            return null;
        }
        overLimit.incrementAndGet();
        audit.refusedOverLimit(client);
        return WireRefusal.refused(wire);
    }

    /**
     * The decision on {@code update}, parsed from exactly {@code wire}, sent by {@code client} after
     * {@link #refusedUnread} let it through. Never throws.
     */
    public Decision screen(Message update, byte[] wire, InetAddress client) {
        TsigVerdict verdict = verifier.verify(update, wire);
        if (verdict.outcome() == TsigVerdict.Outcome.UNSIGNED) {
            return new Decision(UpdateProcessor.reply(update, Rcode.REFUSED), verdict);
        }
        if (verdict.failed()) {
            badTsig.incrementAndGet();
            metrics.authFailure("tsig");
            authFailures.record(client);
            audit.failed(client, verdict.outcome(), verdict.keyName().orElse(null));
            Message reply = UpdateProcessor.reply(update, Rcode.NOTAUTH);
            verdict.applyTo(reply);
            return new Decision(reply, verdict);
        }
        return new Decision(null, verdict);
    }
}
