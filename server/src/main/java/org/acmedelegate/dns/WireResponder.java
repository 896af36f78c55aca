package org.acmedelegate.dns;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
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
    // The common answers without dnsjava; only when nothing needs the parsed message (no query log).
    private final TxtFastPath fast;
    // Null until set: UPDATEs and queries signed with a registration's key.
    private volatile SignedRequests signed;
    // Null unless secondaries are served: then TSIG, opcodes other than QUERY and zone transfers go there.
    private OpcodeDispatch dispatch;
    private TcpStreamer streamer;
    // Only for measuring the fast path against the general path (bench/dns-throughput.sh, JAVA_OPTS_B).
    private static final boolean FAST_PATH = !Boolean.getBoolean("acme-delegate.no-fast-path");
    // Only for measuring what the per-answer metrics cost (the same way).
    private static final boolean OBSERVED = !Boolean.getBoolean("acme-delegate.no-dns-metrics");

    public WireResponder(Responder responder) {
        this(responder, DnsObserver.NOOP, false, null);
    }

    public WireResponder(Responder responder, DnsObserver observer, boolean logQueries) {
        this(responder, observer, logQueries, null);
    }

    /** {@code rrl} limits UDP answers per source network; null turns it off. TCP is never limited. */
    public WireResponder(Responder responder, DnsObserver observer, boolean logQueries, ResponseRateLimiter rrl) {
        this.responder = responder;
        this.observer = OBSERVED ? observer : DnsObserver.NOOP;
        this.logQueries = logQueries;
        this.rrl = rrl;
        this.fast = logQueries || !FAST_PATH ? null : new TxtFastPath(responder);
    }

    /** Hands UPDATEs and queries signed with a registration's key to {@code requests}. */
    public void handSignedRequestsTo(SignedRequests requests) {
        this.signed = requests;
    }

    /**
     * Whether {@code wire} is an UPDATE to be answered later through {@link #update}: the handlers ask
     * this first, before {@link #answerUdp} / {@link #answerTcp}.
     */
    public boolean defers(byte[] wire, int length) {
        return signed != null && length >= 12 && SignedRequests.isUpdate(wire);
    }

    /** Takes an UPDATE for which {@link #defers} said yes; its reply comes later through {@code reply}. */
    public void update(byte[] wire, SocketAddress sender, boolean tcp, java.util.function.Consumer<byte[]> reply) {
        signed.update(wire, sender, tcp, reply);
    }

    /**
     * Sends requests through {@code dispatch} (TSIG, NOTIFY, UPDATE) and TCP requests that {@code streamer}
     * takes to it. Called before the server starts.
     */
    public void extend(OpcodeDispatch dispatch, TcpStreamer streamer) {
        this.dispatch = dispatch;
        this.streamer = streamer;
    }

    /** What answers TCP requests with several messages; null when none does. */
    TcpStreamer streamer() {
        return streamer;
    }

    // A query signed with a registration's key is answered (and signed) by the signed requests; the rest
    // by the dispatch when secondaries are served, else by the responder.
    private Message respond(Message query, byte[] wire, SocketAddress sender) {
        SignedRequests requests = signed;
        if (requests != null && query.getTSIG() != null) {
            Message reply = requests.signedQuery(query, wire);
            if (reply != null) {
                return reply;
            }
        }
        return dispatch == null ? responder.respond(query) : dispatch.answer(query, wire, sender);
    }

    /** Who is told about answers (and TCP evictions). */
    DnsObserver observer() {
        return observer;
    }

    /** The reply to a UDP datagram, or null when none must be sent. */
    public byte[] answerUdp(byte[] wire) {
        return answerUdp(wire, null);
    }

    /** The reply to a UDP datagram from {@code sender} (for RRL and the query log), or null when none must be sent. */
    public byte[] answerUdp(byte[] wire, SocketAddress sender) {
        byte[] out = new byte[WireCodec.UDP_MAX];
        int length = answerUdp(wire, wire.length, sender, out);
        return length < 0 ? null : Arrays.copyOf(out, length);
    }

    /**
     * Answers the UDP datagram {@code wire[0, length)} from {@code sender}: writes the reply into {@code out}
     * (at least {@link WireCodec#UDP_MAX} bytes) and returns its length, or -1 when none must be sent. With
     * buffers the caller reuses, the common answers allocate nothing.
     */
    int answerUdp(byte[] wire, int length, SocketAddress sender, byte[] out) {
        long start = System.nanoTime();
        int quick = quick(wire, length, false, out);
        if (quick >= 0) {
            if (rrl != null && sender instanceof InetSocketAddress source) {
                quick = limitQuick(source, wire, out, quick);
                if (quick < 0) {
                    return -1;
                }
            }
            observer.answered(false, questionType(wire), out[3] & 0x0F, System.nanoTime() - start);
            return quick;
        }
        byte[] reply = answerUdpGenerally(length == wire.length ? wire : Arrays.copyOf(wire, length), sender, start);
        if (reply == null) {
            return -1;
        }
        System.arraycopy(reply, 0, out, 0, reply.length);
        return reply.length;
    }

    // RRL for a reply of the fast path, judged on the bytes: the same verdicts as for the parsed reply.
    private int limitQuick(InetSocketAddress source, byte[] wire, byte[] out, int length) {
        int questionEnd = questionEnd(wire);
        ResponseRateLimiter.Verdict verdict =
                rrl.judge(source, out[3] & 0x0F, wire, 12, questionEnd - 4 - 12, questionType(wire));
        if (verdict == ResponseRateLimiter.Verdict.DROP) {
            observer.rateLimited(false);
            return -1;
        }
        if (verdict == ResponseRateLimiter.Verdict.SLIP) {
            observer.rateLimited(true);
            return ResponseRateLimiter.truncateInPlace(out, questionEnd);
        }
        return length;
    }

    private byte[] answerUdpGenerally(byte[] wire, SocketAddress sender, long start) {
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            byte[] out = WireCodec.encodeUdp(decoded.reply(), null);
            done(false, null, decoded.reply(), start, sender);
            return out;
        }
        Message reply = decoded.query() == null ? null : respond(decoded.query(), wire, sender);
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
        byte[] out = new byte[WireCodec.TCP_MAX];
        int length = answerTcp(wire, wire.length, sender, out);
        return length < 0 ? null : Arrays.copyOf(out, length);
    }

    /**
     * Answers the TCP message {@code wire[0, length)} (without length prefix) from {@code sender}: writes the
     * reply into {@code out} (at least {@link WireCodec#TCP_MAX} bytes) and returns its length, or -1 when none
     * must be sent.
     */
    int answerTcp(byte[] wire, int length, SocketAddress sender, byte[] out) {
        long start = System.nanoTime();
        int quick = quick(wire, length, true, out);
        if (quick >= 0) {
            observer.answered(true, questionType(wire), out[3] & 0x0F, System.nanoTime() - start);
            return quick;
        }
        byte[] reply = answerTcpGenerally(length == wire.length ? wire : Arrays.copyOf(wire, length), sender, start);
        if (reply == null) {
            return -1;
        }
        System.arraycopy(reply, 0, out, 0, reply.length);
        return reply.length;
    }

    private byte[] answerTcpGenerally(byte[] wire, SocketAddress sender, long start) {
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            byte[] out = WireCodec.encodeTcp(decoded.reply());
            done(true, null, decoded.reply(), start, sender);
            return out;
        }
        Message reply = decoded.query() == null ? null : respond(decoded.query(), wire, sender);
        if (reply == null) {
            return null;
        }
        byte[] out = WireCodec.encodeTcp(reply);
        done(true, decoded.query(), reply, start, sender);
        return out;
    }

    private void done(boolean tcp, Message query, Message reply, long start, SocketAddress sender) {
        Record question = query == null ? null : query.getQuestion();
        int qtype = question == null ? -1 : question.getType();
        int rcode = reply.getRcode();
        observer.answered(tcp, qtype, rcode, System.nanoTime() - start);
        if (logQueries) {
            QUERY_LOG.info(
                    "dns {} from {}: {} {} -> {}",
                    tcp ? "tcp" : "udp",
                    sender,
                    question == null ? "-" : question.getName(),
                    question == null ? "-" : Type.string(qtype),
                    org.xbill.DNS.Rcode.string(rcode));
        }
    }

    // Any surprise in the fast path (even a failing lookup) leaves the query to the general path.
    private int quick(byte[] wire, int length, boolean tcp, byte[] out) {
        if (fast == null) {
            return TxtFastPath.DECLINE;
        }
        try {
            return fast.answer(wire, length, tcp, out);
        } catch (RuntimeException e) {
            return TxtFastPath.DECLINE;
        }
    }

    // The fast path only answers uncompressed single-question queries: the name ends at its first zero byte.
    private static int questionEnd(byte[] wire) {
        int at = 12;
        while (wire[at] != 0) {
            at += (wire[at] & 0xFF) + 1;
        }
        return at + 5;
    }

    private static int questionType(byte[] wire) {
        int end = questionEnd(wire);
        return ((wire[end - 4] & 0xFF) << 8) | (wire[end - 3] & 0xFF);
    }
}
