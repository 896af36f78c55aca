package org.acmedelegate.dns;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Wire bytes in, wire bytes out: {@link WireCodec} around a {@link Responder}. What the Netty handlers
 * call; pure and thread-safe, so it runs on the event loop. Each answer is told to a {@link DnsObserver}
 * (metrics) and, only when query logging is on, logged as one line.
 */
public final class WireResponder {
    private static final Logger QUERY_LOG = LoggerFactory.getLogger("org.acmedelegate.dns.queries");
    private final Responder responder;
    private final DnsObserver observer;
    private final boolean logQueries;
    // Null when response-rate limiting is off, so the off path is one null check.
    private final ResponseRateLimiter rrl;
    // The common answers without dnsjava; only when nothing needs the parsed message (no RRL, no query log).
    private final TxtFastPath fast;
    // Null until set: UPDATEs and queries signed with a registration's key.
    private volatile SignedRequests signed;

    public WireResponder(Responder responder) {
        this(responder, DnsObserver.NOOP, false, null);
    }

    public WireResponder(Responder responder, DnsObserver observer, boolean logQueries) {
        this(responder, observer, logQueries, null);
    }

    /** {@code rrl} limits UDP answers per source network; null turns it off. TCP is never limited. */
    public WireResponder(Responder responder, DnsObserver observer, boolean logQueries, ResponseRateLimiter rrl) {
        this.responder = responder;
        this.observer = observer;
        this.logQueries = logQueries;
        this.rrl = rrl;
        this.fast = rrl == null && !logQueries ? new TxtFastPath(responder) : null;
    }

    /** Hands UPDATEs and queries signed with a registration's key to {@code requests}. */
    public void handSignedRequestsTo(SignedRequests requests) {
        this.signed = requests;
    }

    /**
     * Whether {@code wire} is an UPDATE to be answered later through {@link #update}: the handlers ask
     * this first, before {@link #answerUdp} / {@link #answerTcp}.
     */
    public boolean defers(byte[] wire) {
        return signed != null && SignedRequests.isUpdate(wire);
    }

    /** Takes an UPDATE for which {@link #defers} said yes; its reply comes later through {@code reply}. */
    public void update(byte[] wire, SocketAddress sender, boolean tcp, java.util.function.Consumer<byte[]> reply) {
        signed.update(wire, sender, tcp, reply);
    }

    /** Who is told about answers (and TCP evictions). */
    DnsObserver observer() {
        return observer;
    }

    /** The reply to a UDP datagram, or null when none must be sent. */
    public byte[] answerUdp(byte[] wire) {
        return answerUdp(wire, null);
    }

    /** The reply to a UDP datagram from {@code sender} (for the query log), or null when none must be sent. */
    public byte[] answerUdp(byte[] wire, SocketAddress sender) {
        long start = System.nanoTime();
        byte[] quick = quick(wire, false, start);
        if (quick != null) {
            return quick;
        }
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            byte[] out = WireCodec.encodeUdp(decoded.reply(), null);
            done(false, null, decoded.reply(), start, sender);
            return out;
        }
        Message reply = decoded.query() == null ? null : respond(decoded.query(), wire);
        if (reply == null) {
            return null;
        }
        if (rrl != null && sender instanceof InetSocketAddress source) {
            ResponseRateLimiter.Verdict verdict = rrl.judge(source, reply);
            if (verdict == ResponseRateLimiter.Verdict.DROP) {
                observer.rateLimited(false);
                return null;
            }
            if (verdict == ResponseRateLimiter.Verdict.SLIP) {
                observer.rateLimited(true);
                reply = ResponseRateLimiter.truncated(reply);
            }
        }
        byte[] out = WireCodec.encodeUdp(reply, decoded.query());
        done(false, decoded.query(), reply, start, sender);
        return out;
    }

    /** The reply to one TCP message (without length prefix), or null when none must be sent. */
    public byte[] answerTcp(byte[] wire) {
        return answerTcp(wire, null);
    }

    /** The reply to one TCP message from {@code sender}, or null when none must be sent. */
    public byte[] answerTcp(byte[] wire, SocketAddress sender) {
        long start = System.nanoTime();
        byte[] quick = quick(wire, true, start);
        if (quick != null) {
            return quick;
        }
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            byte[] out = WireCodec.encodeTcp(decoded.reply());
            done(true, null, decoded.reply(), start, sender);
            return out;
        }
        Message reply = decoded.query() == null ? null : respond(decoded.query(), wire);
        if (reply == null) {
            return null;
        }
        byte[] out = WireCodec.encodeTcp(reply);
        done(true, decoded.query(), reply, start, sender);
        return out;
    }

    // A query signed with a registration's key is answered (and signed) by the signed requests.
    private Message respond(Message query, byte[] wire) {
        SignedRequests requests = signed;
        if (requests != null && query.getTSIG() != null) {
            Message reply = requests.signedQuery(query, wire);
            if (reply != null) {
                return reply;
            }
        }
        return responder.respond(query);
    }

    private void done(boolean tcp, Message query, Message reply, long start, SocketAddress sender) {
        Record question = query == null ? null : query.getQuestion();
        int qtype = question == null ? -1 : question.getType();
        int rcode = reply.getRcode();
        observer.answered(tcp, qtype, rcode, System.nanoTime() - start);
        if (logQueries) {
            QUERY_LOG.info("dns {} from {}: {} {} -> {}", tcp ? "tcp" : "udp", sender,
                    question == null ? "-" : question.getName(), question == null ? "-" : Type.string(qtype),
                    org.xbill.DNS.Rcode.string(rcode));
        }
    }

    // Any surprise in the fast path (even a failing lookup) leaves the query to the general path.
    private byte[] quick(byte[] wire, boolean tcp, long start) {
        if (fast == null) {
            return null;
        }
        byte[] reply;
        try {
            reply = fast.answer(wire, tcp);
        } catch (RuntimeException e) {
            return null;
        }
        if (reply != null) {
            observer.answered(tcp, questionType(wire), reply[3] & 0x0F, System.nanoTime() - start);
        }
        return reply;
    }

    // The fast path only answers uncompressed single-question queries, so the type follows the name.
    private static int questionType(byte[] wire) {
        int at = 12;
        while (at < wire.length && wire[at] != 0) {
            at += (wire[at] & 0xFF) + 1;
        }
        return at + 2 < wire.length ? ((wire[at + 1] & 0xFF) << 8) | (wire[at + 2] & 0xFF) : -1;
    }
}
