package org.acmedelegate.update;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.dns.SignedRequests;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.TsigKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * RFC 2136 UPDATEs and registration-signed queries as they arrive from the DNS listeners. The
 * {@link UpdateScreen} answers on the receiving thread whatever needs no store (over the failed-login
 * limit, unsigned, any TSIG failure), so a flood of forged UPDATEs costs at most one HMAC each there and
 * never reaches the store or the queue. Verified UPDATEs wait in a bounded queue for one worker thread, so
 * the receiving threads never block on a store write; when the queue is full the UPDATE is dropped, as a
 * full socket buffer would.
 */
public final class DnsUpdates implements SignedRequests, AutoCloseable {
    static final int QUEUE = 1024;
    private static final int UDP_REPLY_MAX = 1232;
    private static final int TCP_REPLY_MAX = 65535;
    private static final Logger LOG = LoggerFactory.getLogger(DnsUpdates.class);
    private final UpdateScreen screen;
    private final UpdateProcessor processor;
    private final TsigKeys keys;
    private final ChallengeApexQueries queries;
    private final TsigFailureAudit failures;
    private final ThreadPoolExecutor worker;
    private final AtomicLong dropped = new AtomicLong();

    public DnsUpdates(
            UpdateScreen screen,
            UpdateProcessor processor,
            TsigKeys keys,
            ChallengeApexQueries queries,
            TsigFailureAudit failures,
            Metrics metrics) {
        this.screen = screen;
        this.processor = processor;
        this.keys = keys;
        this.queries = queries;
        this.failures = failures;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "dns-update");
            t.setDaemon(true);
            return t;
        });
        metrics.counter(
                "acme_delegate_dns_updates_dropped_total",
                "RFC 2136 UPDATEs dropped: the queue was full",
                dropped::get);
    }

    @Override
    public void update(byte[] wire, SocketAddress sender, boolean tcp, Consumer<byte[]> reply) {
        InetAddress client = sender instanceof InetSocketAddress s ? s.getAddress() : InetAddress.getLoopbackAddress();
        byte[] refused = screen.refusedUnread(wire, client);
        if (refused != null) {
            reply.accept(refused);
            return;
        }
        Message update;
        try {
            update = new Message(wire);
        } catch (Exception e) {
            LOG.debug("dropped an UPDATE that does not parse: {}", e.toString());
            return;
        }
        UpdateScreen.Decision decision;
        try {
            decision = screen.screen(update, wire, client);
        } catch (RuntimeException e) {
            LOG.error("UPDATE failed", e);
            reply.accept(encode(UpdateProcessor.reply(update, Rcode.SERVFAIL), tcp));
            return;
        }
        if (decision.reply() != null) {
            reply.accept(encode(decision.reply(), tcp));
            return;
        }
        try {
            worker.execute(() -> reply.accept(encode(apply(update, decision.verdict(), client), tcp)));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public Message signedQuery(Message query, byte[] wire) {
        return queries.answer(query, wire);
    }

    /** The signed reply to an UPDATE whose TSIG verified. Runs on the worker; never throws. */
    Message apply(Message update, TsigVerdict verdict, InetAddress client) {
        Message reply;
        try {
            Optional<AccountTsigKey> key =
                    keys.known(verdict.key().orElseThrow().name());
            reply = key.isPresent()
                    ? processor.apply(update, key.get(), client)
                    : UpdateProcessor.reply(update, Rcode.NOTAUTH); // removed between the check and now
        } catch (RuntimeException e) {
            LOG.error("UPDATE failed", e);
            reply = UpdateProcessor.reply(update, Rcode.SERVFAIL);
        }
        verdict.applyTo(reply);
        return reply;
    }

    private static byte[] encode(Message reply, boolean tcp) {
        return reply.toWire(tcp ? TCP_REPLY_MAX : UDP_REPLY_MAX);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        failures.close();
    }
}
