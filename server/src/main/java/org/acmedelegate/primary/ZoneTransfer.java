package org.acmedelegate.primary;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.acmedelegate.dns.OpcodeDispatch;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.dns.TcpStreamer;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.acmedelegate.index.ChallengeIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * AXFR and IXFR (RFC 5936, RFC 1995) over TCP for the clients {@link TransferAccess} allows. The answer is
 * streamed from a small pool of its own, a message at a time, waiting whenever the connection's buffer is
 * full, so a transfer of a million names holds one message in memory and never runs on an event loop.
 * IXFR comes from the {@link ZoneJournal}; when it does not reach the client's serial the full zone is sent.
 */
public final class ZoneTransfer implements TcpStreamer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneTransfer.class);
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long REST_PER_BUILD = 2;

    private final ServedZone zone;
    private final Responder responder;
    private final ChallengeIndex index;
    private final ZoneJournal journal;
    private final TsigVerifier tsig;
    private final TransferAccess access;
    private final ThreadPoolExecutor pool;
    final AtomicLong full = new AtomicLong();
    final AtomicLong incremental = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    public ZoneTransfer(
            ServedZone zone,
            Responder responder,
            ChallengeIndex index,
            ZoneJournal journal,
            TsigVerifier tsig,
            TransferAccess access) {
        this.zone = zone;
        this.responder = responder;
        this.index = index;
        this.journal = journal;
        this.tsig = tsig;
        this.access = access;
        this.pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "zone-transfer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean take(Channel channel, byte[] buffer, int length) {
        int qtype = TransferRequests.questionType(buffer, length);
        if (qtype != Type.AXFR && qtype != Type.IXFR) {
            return false;
        }
        byte[] wire = java.util.Arrays.copyOf(buffer, length);
        Message request;
        try {
            request = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return false; // the general path answers FORMERR
        }
        Record question = request.getQuestion();
        if (question == null
                || question.getDClass() != DClass.IN
                || !question.getName().equals(zone.apex())) {
            return false; // REFUSED by the general path
        }
        TsigVerdict verdict = tsig.verify(request, wire);
        if (verdict.failed() || !access.allows(channel.remoteAddress(), verdict)) {
            refused.incrementAndGet();
            LOG.debug("{} from {} refused: {}", Type.string(qtype), channel.remoteAddress(), verdict);
            Message reply = OpcodeDispatch.refusal(request, verdict.failed() ? Rcode.NOERROR : Rcode.REFUSED);
            verdict.applyTo(reply);
            channel.writeAndFlush(Unpooled.wrappedBuffer(reply.toWire(65535)));
            return true;
        }
        TcpStreamer.begin(channel);
        try {
            pool.execute(() -> stream(channel, request, verdict, qtype));
        } catch (RejectedExecutionException e) {
            TcpStreamer.end(channel);
            Message busy = OpcodeDispatch.refusal(request, Rcode.SERVFAIL);
            verdict.applyTo(busy);
            channel.writeAndFlush(Unpooled.wrappedBuffer(busy.toWire(65535)));
        }
        return true;
    }

    private void stream(Channel channel, Message request, TsigVerdict verdict, int qtype) {
        long started = System.nanoTime();
        try {
            long[] lastWrite = {0};
            TransferMessages out = new TransferMessages(
                    request, verdict.verified() ? verdict.stream() : null, bytes -> write(channel, bytes, lastWrite));
            String kind;
            if (qtype == Type.IXFR) {
                kind = incremental(request, out);
            } else {
                kind = "AXFR";
                full.incrementAndGet();
                fullZone(out);
            }
            int messages = out.finish();
            LOG.info(
                    "{} of {} to {} in {} messages, {} ms",
                    kind,
                    zone.apex(),
                    channel.remoteAddress(),
                    messages,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (ChannelGone e) {
            LOG.info("{} to {} abandoned: {}", Type.string(qtype), channel.remoteAddress(), e.getMessage());
            channel.close();
        } catch (RuntimeException e) {
            LOG.warn("{} to {} failed: {}", Type.string(qtype), channel.remoteAddress(), e.toString());
            channel.close();
        } finally {
            TcpStreamer.end(channel);
        }
    }

    private String incremental(Message request, TransferMessages out) {
        List<Record> authority = request.getSection(Section.AUTHORITY);
        if (authority.isEmpty() || !(authority.get(0) instanceof SOARecord clientSoa)) {
            throw new IllegalArgumentException("IXFR without the client's SOA");
        }
        Optional<List<ZoneChange>> changes = journal.since(clientSoa.getSerial());
        SOARecord now = zone.soa();
        if (changes.isEmpty()) {
            full.incrementAndGet();
            fullZone(out);
            return "IXFR (full zone: the journal does not reach serial " + clientSoa.getSerial() + ")";
        }
        incremental.incrementAndGet();
        List<ZoneChange> list = changes.get();
        if (list.isEmpty()) {
            out.add(now);
            return "IXFR (up to date at " + now.getSerial() + ")";
        }
        SOARecord last = soaAt(now, SerialNumbers.of(list.get(list.size() - 1).position()));
        out.add(last);
        long from = clientSoa.getSerial();
        for (ZoneChange c : list) {
            out.add(soaAt(now, from));
            if (!c.removed().isEmpty()) {
                responder.txtRecords(owner(c.label()), c.removed()).forEach(out::add);
            }
            from = SerialNumbers.of(c.position());
            out.add(soaAt(now, from));
            if (!c.added().isEmpty()) {
                responder.txtRecords(owner(c.label()), c.added()).forEach(out::add);
            }
        }
        out.add(last);
        return "IXFR of " + list.size() + " changes from " + clientSoa.getSerial() + " to " + last.getSerial();
    }

    // The zone at the serial of its SOA, although the index keeps changing while it streams (see ZoneView).
    private void fullZone(TransferMessages out) {
        try (ZoneView view = journal.openView()) {
            SOARecord soa = soaAt(zone.soa(), view.serial());
            out.add(soa);
            zone.records().forEach(out::add);
            BiConsumer<String, List<String>> send = (label, values) -> {
                if (!values.isEmpty()) {
                    responder.txtRecords(owner(label), values).forEach(out::add);
                }
            };
            index.forEachStored((label, values) -> view.visit(label, values, send));
            view.rest(send);
            out.add(soa);
        }
    }

    private Name owner(String label) {
        try {
            return Name.fromString(label, zone.apex());
        } catch (TextParseException e) {
            throw new IllegalStateException("not a label: " + label, e);
        }
    }

    private static SOARecord soaAt(SOARecord soa, long serial) {
        return new SOARecord(
                soa.getName(),
                soa.getDClass(),
                soa.getTTL(),
                soa.getHost(),
                soa.getAdmin(),
                serial,
                soa.getRefresh(),
                soa.getRetry(),
                soa.getExpire(),
                soa.getMinimum());
    }

    // Backpressure: the connection's buffer drains at the client's pace; a client that stops reading for a
    // minute loses the connection. Duty cycle: after building a message the thread rests twice as long, so a
    // transfer takes at most a third of a core and UDP answers keep the rest (a million names: about 20 s).
    private static void write(Channel channel, byte[] message, long[] lastWrite) {
        long built = System.nanoTime() - lastWrite[0];
        if (lastWrite[0] != 0) {
            pause(Math.min(built * REST_PER_BUILD, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (!channel.isWritable()) {
            if (!channel.isActive()) {
                throw new ChannelGone("the connection closed");
            }
            if (System.nanoTime() > deadline) {
                throw new ChannelGone("the client read nothing for 60 s");
            }
            pause(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (!channel.isActive()) {
            throw new ChannelGone("the connection closed");
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(message));
        lastWrite[0] = System.nanoTime();
    }

    private static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelGone("interrupted");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static final class ChannelGone extends RuntimeException {
        ChannelGone(String message) {
            super(message, null, false, false);
        }
    }
}
