package org.acmedelegate.update;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
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
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.TsigKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * RFC 2136 UPDATEs and registration-signed queries as they arrive from the DNS listeners. UPDATEs wait in a
 * bounded queue for one worker thread, so the event loops never block on a store write and a flood of
 * forged UPDATEs costs one HMAC each there (never bcrypt); when the queue is full the UPDATE is dropped, as
 * a full socket buffer would. A client past the failed-authentication limit is refused before any HMAC.
 */
public final class DnsUpdates implements SignedRequests, AutoCloseable {
    static final int QUEUE = 1024;
    private static final int UDP_REPLY_MAX = 1232;
    private static final int TCP_REPLY_MAX = 65535;
    private static final Logger LOG = LoggerFactory.getLogger(DnsUpdates.class);
    private final UpdateProcessor processor;
    private final TsigKeys keys;
    private final TsigVerifier updateVerifier;
    private final ChallengeApexQueries queries;
    private final ThreadPoolExecutor worker;
    private final AtomicLong dropped = new AtomicLong();

    public DnsUpdates(
            UpdateProcessor processor, TsigKeys keys, ChallengeApexQueries queries, Clock clock, Metrics metrics) {
        this.processor = processor;
        this.keys = keys;
        this.queries = queries;
        this.updateVerifier = new TsigVerifier(keys.refreshing(), clock);
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
        try {
            worker.execute(() -> {
                byte[] out = answer(wire, sender, tcp);
                if (out != null) {
                    reply.accept(out);
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public Message signedQuery(Message query, byte[] wire) {
        return queries.answer(query, wire);
    }

    /** The reply bytes to one UPDATE, or null when none is sent. Runs on the worker. */
    byte[] answer(byte[] wire, SocketAddress sender, boolean tcp) {
        Message update;
        try {
            update = new Message(wire);
        } catch (Exception e) {
            LOG.debug("dropped an UPDATE that does not parse: {}", e.toString());
            return null;
        }
        InetAddress client = sender instanceof InetSocketAddress s ? s.getAddress() : InetAddress.getLoopbackAddress();
        Message reply;
        try {
            reply = reply(update, wire, client);
        } catch (RuntimeException e) {
            LOG.error("UPDATE failed", e);
            reply = UpdateProcessor.reply(update, Rcode.SERVFAIL);
        }
        return reply.toWire(tcp ? TCP_REPLY_MAX : UDP_REPLY_MAX);
    }

    private Message reply(Message update, byte[] wire, InetAddress client) {
        if (processor.limited(client)) {
            return UpdateProcessor.reply(update, Rcode.REFUSED);
        }
        TsigVerdict verdict = updateVerifier.verify(update, wire);
        if (verdict.outcome() == TsigVerdict.Outcome.UNSIGNED) {
            return UpdateProcessor.reply(update, Rcode.REFUSED);
        }
        if (verdict.failed()) {
            processor.authenticationFailed(
                    client, verdict.keyName().orElse(null), verdict.outcome().name());
            Message reply = UpdateProcessor.reply(update, Rcode.NOTAUTH);
            verdict.applyTo(reply);
            return reply;
        }
        Optional<AccountTsigKey> key = keys.known(verdict.key().orElseThrow().name());
        Message reply = key.isPresent()
                ? processor.apply(update, key.get(), client)
                : UpdateProcessor.reply(update, Rcode.NOTAUTH); // removed between the check and now
        verdict.applyTo(reply);
        return reply;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
