package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.TcpLimits;
import org.acmedelegate.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A slow-loris flood over TCP: 2,000 connections from 20 networks that each send one byte and wait,
 * against the default cap of 1,000 connections and 100 per network. Long timeouts, so that only the
 * connection table, not the partial-message timer, makes room.
 */
@Timeout(60)
class TcpFloodIT {
    private static final int FLOOD = 2000;
    private static final int NETWORKS = 20;

    private final List<Socket> flood = new ArrayList<>();
    private final Metrics metrics = new Metrics();
    private DnsServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : flood) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPromptClientIsAnsweredWithinASecondWhileTwoThousandOneByteConnectionsWait() throws Exception {
        TcpLimits d = TcpLimits.DEFAULT;
        TcpLimits slowTimers = new TcpLimits(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                d.maxConnections(),
                d.maxConnectionsPerNetwork(),
                d.maxPendingBytes());
        server = new DnsServer(
                List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)),
                slowTimers,
                2,
                new WireResponder(
                        new Responder(TestServedZone.zone(), TestServedZone.challenges(), Duration.ofSeconds(1)),
                        metrics,
                        false));
        server.start();
        InetSocketAddress address = server.tcpAddresses().get(0);

        for (int i = 0; i < FLOOD; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0." + (100 + i % NETWORKS) + ".1"), 0));
            s.connect(address, 2000);
            s.getOutputStream().write(0);
            flood.add(s);
        }

        try (Socket client = new Socket()) {
            client.bind(new InetSocketAddress(InetAddress.getByName("127.0.99.1"), 0));
            client.setSoTimeout(1000);
            client.connect(address, 1000);
            Message query = Message.newQuery(Record.newRecord(name("abc-123.auth.example.org."), Type.TXT, DClass.IN));
            byte[] wire = query.toWire();
            client.getOutputStream()
                    .write(ByteBuffer.allocate(wire.length + 2)
                            .putShort((short) wire.length)
                            .put(wire)
                            .array());
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);

            assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(new Message(reply).getHeader().getID())
                    .isEqualTo(query.getHeader().getID());
        }
        assertThat(evictions()).as("the cap made room").isGreaterThanOrEqualTo(FLOOD - d.maxConnections());
        assertThat(openAfterClosesArrive(d.maxConnections()))
                .as("flood connections the server kept")
                .isLessThanOrEqualTo(d.maxConnections());
    }

    @Test
    void oneNetworkCannotHoldMoreThanItsShare() throws Exception {
        TcpLimits share = new TcpLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 1000, 10, 256 * 1024);
        server = new DnsServer(
                List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)),
                share,
                2,
                new WireResponder(
                        new Responder(TestServedZone.zone(), TestServedZone.challenges(), Duration.ofSeconds(1)),
                        metrics,
                        false));
        server.start();
        InetSocketAddress address = server.tcpAddresses().get(0);
        for (int i = 0; i < 30; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.42." + (1 + i)), 0));
            s.connect(address, 2000);
            s.getOutputStream().write(0);
            flood.add(s);
        }

        assertThat(openAfterClosesArrive(10)).isEqualTo(10);
        assertThat(evictions()).isEqualTo(20);
    }

    private double evictions() {
        for (String line : metrics.scrape().split("\n")) {
            if (line.startsWith("acme_delegate_dns_tcp_evictions_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no eviction counter");
    }

    // Closes travel asynchronously: count again until at most 'expected' are open, or 5 s have passed.
    private int openAfterClosesArrive(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int open = stillOpen();
        while (open > expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            open = stillOpen();
        }
        return open;
    }

    // A connection the server closed reads end-of-stream (or a reset) at once; one it kept times out.
    private int stillOpen() throws IOException {
        int open = 0;
        for (Socket s : flood) {
            s.setSoTimeout(1);
            try {
                if (s.getInputStream().read() >= 0) {
                    throw new AssertionError("the server sent bytes for a one-byte message");
                }
            } catch (java.net.SocketTimeoutException kept) {
                open++;
            } catch (java.net.SocketException reset) {
                // closed by the server
            }
        }
        return open;
    }
}
