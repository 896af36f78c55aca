package org.acmedelegate.primary;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.config.NotifyTarget;
import org.acmedelegate.dns.ServedZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) for the zone to every configured secondary after changes: at most one per
 * secondary per {@link #COALESCE_MILLIS} while changes keep coming (the last change is always notified),
 * over UDP from the server's DNS address, signed when the target has a key, retried with a growing
 * timeout until answered. A NOTIFY that no attempt got an answer to is counted as unanswered.
 */
public final class Notifier implements AutoCloseable {
    static final long COALESCE_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final int ATTEMPTS = 5;
    private static final int FIRST_TIMEOUT_MILLIS = 500;
    private final int firstTimeoutMillis;

    private final ServedZone zone;
    private final InetAddress source;
    private final java.time.Clock clock;
    private final List<Target> targets = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();

    private final class Target {
        final NotifyTarget config;
        final AtomicBoolean pending = new AtomicBoolean();
        volatile long lastSentMillis = Long.MIN_VALUE / 2;
        volatile boolean failing;

        Target(NotifyTarget config) {
            this.config = config;
        }
    }

    /** {@code source} is the address NOTIFY leaves from (the secondaries know the primary by it); null: any. */
    public Notifier(List<NotifyTarget> targets, ServedZone zone, InetAddress source, java.time.Clock clock) {
        this(targets, zone, source, clock, FIRST_TIMEOUT_MILLIS);
    }

    /** As above, waiting {@code firstTimeoutMillis} for the first answer (doubled for each retry). */
    Notifier(
            List<NotifyTarget> targets,
            ServedZone zone,
            InetAddress source,
            java.time.Clock clock,
            int firstTimeoutMillis) {
        this.firstTimeoutMillis = firstTimeoutMillis;
        this.zone = zone;
        this.source = source;
        this.clock = clock;
        targets.forEach(t -> this.targets.add(new Target(t)));
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, targets.size())), r -> {
            Thread t = new Thread(r, "notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** The zone changed: schedule a NOTIFY to each secondary that has none pending. Quick; never blocks. */
    public void changed() {
        long now = clock.millis();
        for (Target t : targets) {
            if (t.pending.compareAndSet(false, true)) {
                long delay = Math.max(0, t.lastSentMillis + COALESCE_MILLIS - now);
                scheduler.schedule(() -> send(t), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public long unanswered() {
        return unanswered.get();
    }

    private void send(Target t) {
        t.pending.set(false);
        t.lastSentMillis = clock.millis();
        SOARecord soa = zone.soa();
        Message notify = notifyMessage(soa);
        t.config.key().ifPresent(k -> notify.setTSIG(k.tsig(clock)));
        byte[] wire = notify.toWire(512);
        int id = notify.getHeader().getID();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (attempt > 0 && t.pending.get()) {
                    return; // a newer NOTIFY is on its way
                }
                long sentAt = System.nanoTime();
                socket.send(new DatagramPacket(wire, wire.length, t.config.address()));
                sent.incrementAndGet();
                socket.setSoTimeout(firstTimeoutMillis << attempt);
                Integer rcode = awaitReply(socket, id);
                LOG.debug(
                        "NOTIFY serial {} to {}, attempt {}: {} after {} ms",
                        soa.getSerial(),
                        t.config.address(),
                        attempt + 1,
                        rcode == null ? "no answer" : Rcode.string(rcode),
                        (System.nanoTime() - sentAt) / 1_000_000);
                if (rcode != null) {
                    if (rcode != Rcode.NOERROR) {
                        warnOnce(t, "answered NOTIFY with " + Rcode.string(rcode));
                    } else if (t.failing) {
                        LOG.info("secondary {} answers NOTIFY again", t.config.address());
                        t.failing = false;
                    }
                    return;
                }
            }
            unanswered.incrementAndGet();
            warnOnce(t, "did not answer NOTIFY (" + ATTEMPTS + " attempts)");
        } catch (IOException | RuntimeException e) {
            unanswered.incrementAndGet();
            warnOnce(t, "cannot be sent NOTIFY: " + e.getMessage());
        }
    }

    private static Integer awaitReply(DatagramSocket socket, int id) throws IOException {
        byte[] buffer = new byte[4096];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (packet.getLength() >= 12
                    && ((buffer[0] & 0xFF) << 8 | (buffer[1] & 0xFF)) == id
                    && (buffer[2] & 0x80) != 0) {
                return buffer[3] & 0x0F;
            }
        }
    }

    private void warnOnce(Target t, String what) {
        if (!t.failing) {
            LOG.warn("secondary {} {}; later failures are not logged until it answers", t.config.address(), what);
            t.failing = true;
        }
    }

    private Message notifyMessage(SOARecord soa) {
        Message m = new Message();
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(Record.newRecord(zone.apex(), Type.SOA, DClass.IN), Section.QUESTION);
        m.addRecord(soa, Section.ANSWER);
        return m;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
