package org.acmedelegate.primary;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.NotifyTarget;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/** The NOTIFY sender against a UDP socket standing in for a secondary on loopback. */
class NotifierIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final TsigKey KEY =
            new TsigKey(Name.fromConstantString("xfr-key."), TsigAlgorithm.HMAC_SHA256, new byte[32]);
    private final AtomicLong serial = new AtomicLong(1000);
    private final ServedZone zone = ServedZone.from(
                    new ConfigLoader()
                            .parse("[dns]\nzone = \"auth.example.org\"\n")
                            .dns(),
                    Clock.systemUTC())
            .withSerial(serial::get);

    /** Receives NOTIFYs for {@code millis}, answering each when {@code answer}; returns them in order. */
    private static List<Message> receive(DatagramSocket secondary, long millis, boolean answer) throws Exception {
        List<Message> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[4096];
        while (System.currentTimeMillis() < deadline) {
            secondary.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                secondary.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            Message notify = new Message(Arrays.copyOf(buffer, packet.getLength()));
            received.add(notify);
            if (answer) {
                Message reply = new Message(notify.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setOpcode(Opcode.NOTIFY);
                reply.addRecord(notify.getQuestion(), Section.QUESTION);
                byte[] wire = reply.toWire();
                secondary.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            }
        }
        return received;
    }

    @Test
    void coalescesAStreamOfChangesIntoAtMostOneSignedNotifyPerHundredMillisecondsEndingWithTheLastSerial()
            throws Exception {
        try (DatagramSocket secondary = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                Notifier notifier = new Notifier(
                        List.of(new NotifyTarget(
                                (InetSocketAddress) secondary.getLocalSocketAddress(), Optional.of(KEY))),
                        zone,
                        LOOPBACK,
                        Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                serial.incrementAndGet();
                notifier.changed();
                Thread.sleep(10);
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            List<Message> received = receive(secondary, 600, true);
            assertThat(received)
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo((int) (elapsedMillis / Notifier.COALESCE_MILLIS) + 2);
            for (Message notify : received) {
                assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
                assertThat(notify.getHeader().getFlag(Flags.AA)).isTrue();
                assertThat(notify.getTSIG()).isNotNull();
                assertThat(notify.getTSIG().getName()).isEqualTo(KEY.name());
            }
            Message last = received.get(received.size() - 1);
            assertThat(((SOARecord) last.getSection(Section.ANSWER).get(0)).getSerial())
                    .isEqualTo(serial.get());
            assertThat(notifier.unanswered()).isZero();
        }
    }

    @Test
    void retriesAnUnansweredNotifyAndCountsItWhenNoAttemptIsAnswered() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                Notifier notifier = new Notifier(
                        List.of(new NotifyTarget((InetSocketAddress) silent.getLocalSocketAddress(), Optional.empty())),
                        zone,
                        LOOPBACK,
                        Clock.systemUTC(),
                        20)) {
            notifier.changed();
            List<Message> received = receive(silent, 1500, false);
            assertThat(received).hasSize(5);
            assertThat(received)
                    .allSatisfy(m -> assertThat(m.getHeader().getID())
                            .isEqualTo(received.get(0).getHeader().getID()));
            long deadline = System.currentTimeMillis() + 2000;
            while (notifier.unanswered() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(notifier.unanswered()).isEqualTo(1);
            assertThat(notifier.sent()).isEqualTo(5);
        }
    }
}
