package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.acmedelegate.DnsTestClient;
import org.acmedelegate.config.TcpLimits;
import org.acmedelegate.index.ChallengeIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

@Timeout(20)
class DnsServerIT {
    private static final InetSocketAddress LOOPBACK_ANY_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String BIG = "big.auth.example.org.";
    private static final TcpLimits SHORT =
            new TcpLimits(Duration.ofMillis(300), Duration.ofMillis(300), 100, 64 * 1024);

    private DnsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress start(TcpLimits limits, InetSocketAddress... listen) throws IOException {
        ChallengeIndex index = TestServedZone.challenges();
        List<String> many =
                IntStream.range(0, 100).mapToObj(i -> String.format("%043d", i)).toList();
        Responder responder = new Responder(
                TestServedZone.zone(), n -> n.equals(name(BIG)) ? many : index.txtValues(n), Duration.ofSeconds(1));
        server = new DnsServer(
                List.of(listen.length == 0 ? new InetSocketAddress[] {LOOPBACK_ANY_PORT} : listen),
                limits,
                2,
                new WireResponder(responder));
        server.start();
        return server.udpAddresses().get(0);
    }

    private static byte[] query(int id, String qname, int type) {
        Message query = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
        query.getHeader().setID(id);
        return query.toWire();
    }

    /** The reply to {@code packet}, or null when the server stays silent. */
    private static Message udp(InetSocketAddress server, byte[] packet) throws IOException {
        try {
            return DnsTestClient.udp(server.getAddress(), server, packet, Duration.ofMillis(400));
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** True when the server closed the connection within the socket's read timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read(new byte[8192]) >= 0) {
                // drain answers still in flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: the server closed with our bytes unread
        }
    }

    @Test
    void bindsUdpAndTcpOnTheSamePortWhenPortZeroIsConfigured() throws IOException {
        start(SHORT);

        assertThat(server.udpAddresses()).hasSize(1);
        assertThat(server.udpAddresses().get(0).getPort())
                .isPositive()
                .isEqualTo(server.tcpAddresses().get(0).getPort());
    }

    @Test
    void answersAUdpQueryWithTheTxtValues() throws IOException {
        InetSocketAddress address = start(SHORT);

        Message reply = udp(address, query(42, "abc-123.auth.example.org.", Type.TXT));

        assertThat(reply.getHeader().getID()).isEqualTo(42);
        assertThat(DnsTestClient.txt(reply)).containsExactlyInAnyOrder(TestServedZone.VALUE_1, TestServedZone.VALUE_2);
    }

    @Test
    void answersATcpQueryWithTheTxtValues() throws IOException {
        InetSocketAddress address = start(SHORT);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(DnsTestClient.frame(query(43, "abc-123.auth.example.org.", Type.TXT)));

            Message reply = DnsTestClient.readFrame(new DataInputStream(socket.getInputStream()));

            assertThat(reply.getHeader().getID()).isEqualTo(43);
            assertThat(DnsTestClient.txt(reply))
                    .containsExactlyInAnyOrder(TestServedZone.VALUE_1, TestServedZone.VALUE_2);
        }
    }

    @Test
    void answersTwoPipelinedTcpQueriesOnOneConnectionInOrder() throws IOException {
        InetSocketAddress address = start(SHORT);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(2000);
            byte[] first = DnsTestClient.frame(query(1, "abc-123.auth.example.org.", Type.TXT));
            byte[] second = DnsTestClient.frame(query(2, "www.auth.example.org.", Type.A));
            ByteBuffer both =
                    ByteBuffer.allocate(first.length + second.length).put(first).put(second);
            socket.getOutputStream().write(both.array());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            Message one = DnsTestClient.readFrame(in);
            Message two = DnsTestClient.readFrame(in);

            assertThat(one.getHeader().getID()).isEqualTo(1);
            assertThat(DnsTestClient.txt(one)).hasSize(2);
            assertThat(two.getHeader().getID()).isEqualTo(2);
            assertThat(two.getSection(Section.ANSWER)).hasSize(2);
        }
    }

    @Test
    void sendsTheWholeLargeAnswerOverTcpThatUdpTruncates() throws IOException {
        InetSocketAddress address = start(SHORT);
        Message overUdp = udp(address, query(5, BIG, Type.TXT));
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(DnsTestClient.frame(query(6, BIG, Type.TXT)));

            Message overTcp = DnsTestClient.readFrame(new DataInputStream(socket.getInputStream()));

            assertThat(overUdp.getHeader().getFlag(org.xbill.DNS.Flags.TC)).isTrue();
            assertThat(overUdp.getSection(Section.ANSWER)).isEmpty();
            assertThat(DnsTestClient.txt(overTcp)).hasSize(100);
        }
    }

    @Test
    void acceptsAUdpQueryOfAlmostTheLargestUdpPayloadWhole() throws IOException {
        // Larger than Netty's default 2048-byte buffer and than any recvmmsg slot short of the full size.
        InetSocketAddress address = start(SHORT);
        Message query = Message.newQuery(Record.newRecord(name("abc-123.auth.example.org."), Type.TXT, DClass.IN));
        query.addRecord(
                new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65001, new byte[60000]))),
                Section.ADDITIONAL);
        byte[] wire = query.toWire();
        assertThat(wire.length).isGreaterThan(60000);

        Message reply = udp(address, wire);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(DnsTestClient.txt(reply)).hasSize(2);
    }

    @Test
    void answersFormerrOverUdpForGarbageWithAReadableHeader() throws IOException {
        InetSocketAddress address = start(SHORT);
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0xC0);
        garbage[0] = 0x12;
        garbage[1] = 0x34;
        garbage[2] = 0x01;
        garbage[3] = 0x00;

        Message reply = udp(address, garbage);

        assertThat(reply).isNotNull();
        assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void sendsNothingForAFiveBytePacketOrAResponseAndKeepsServing() throws IOException {
        InetSocketAddress address = start(SHORT);
        byte[] response = query(9, "www.auth.example.org.", Type.A);
        response[2] |= (byte) 0x80;

        assertThat(udp(address, new byte[] {1, 2, 3, 4, 5})).isNull();
        assertThat(udp(address, response)).isNull();
        assertThat(udp(address, query(10, "www.auth.example.org.", Type.A))).isNotNull();
    }

    @Test
    void closesATcpConnectionThatSendsNothingAfterTheIdleTimeout() throws IOException {
        InetSocketAddress address = start(SHORT);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(3000);
            long started = System.nanoTime();

            assertThat(closedByServer(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void closesASlowDripClientAfterThePartialMessageTimeout() throws IOException {
        InetSocketAddress address =
                start(new TcpLimits(Duration.ofSeconds(10), Duration.ofMillis(300), 100, 64 * 1024));
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(0);
            long started = System.nanoTime();

            assertThat(closedByServer(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void atTheCapOfTwoTheThirdConnectionIsAnsweredAndTheLongestWithoutProgressIsClosed() throws IOException {
        InetSocketAddress address = start(new TcpLimits(Duration.ofSeconds(10), Duration.ofSeconds(3), 2, 64 * 1024));
        try (Socket first = new Socket(address.getAddress(), address.getPort());
                Socket second = new Socket(address.getAddress(), address.getPort())) {
            for (Socket socket : List.of(first, second)) {
                // a round trip makes sure the server counted this connection before the next one
                socket.setSoTimeout(2000);
                socket.getOutputStream().write(DnsTestClient.frame(query(1, "www.auth.example.org.", Type.A)));
                DnsTestClient.readFrame(new DataInputStream(socket.getInputStream()));
            }
            try (Socket third = new Socket(address.getAddress(), address.getPort())) {
                third.setSoTimeout(2000);
                third.getOutputStream().write(DnsTestClient.frame(query(3, "www.auth.example.org.", Type.A)));
                assertThat(DnsTestClient.readFrame(new DataInputStream(third.getInputStream()))
                                .getHeader()
                                .getID())
                        .isEqualTo(3);
            }
            assertThat(closedByServer(first)).as("its last query is the oldest").isTrue();
            second.setSoTimeout(300);
            assertThat(closedByServer(second)).isFalse();
        }
    }

    @Test
    void closesAClientThatSendsManyQueriesAndNeverReads() throws Exception {
        InetSocketAddress address = start(new TcpLimits(Duration.ofSeconds(15), Duration.ofSeconds(15), 100, 8 * 1024));
        int queries = 3000;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(address);
            byte[] one = DnsTestClient.frame(query(3, BIG, Type.TXT));
            ByteBuffer all = ByteBuffer.allocate(one.length * queries);
            for (int i = 0; i < queries; i++) {
                all.put(one);
            }
            try {
                socket.getOutputStream().write(all.array());
            } catch (IOException e) {
                // the server may already have closed while we were still sending: that is the point
            }
            // Not reading lets the answers pile up: kernel buffers first, then the server's own.
            Thread.sleep(1500);
            socket.setSoTimeout(3000);
            long read = 0;
            boolean closed;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (SocketException e) {
                closed = true; // reset: the server closed with our queries unread
            }

            assertThat(closed).as("closed by the server").isTrue();
            // Every answer carries 100 TXT values, so all of them would be well over 10 MB.
            assertThat(read).isLessThan(queries * 5_000L);
        }
    }

    @Test
    void servesUdpAndTcpOnIpv6LoopbackToo() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        boolean available;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            available = probe.isBound();
        } catch (SocketException e) {
            available = false;
        }
        assumeThat(available).as("IPv6 loopback available").isTrue();
        start(SHORT, LOOPBACK_ANY_PORT, new InetSocketAddress(v6, 0));
        InetSocketAddress udp6 = server.udpAddresses().get(1);
        InetSocketAddress tcp6 = server.tcpAddresses().get(1);

        assertThat(udp6.getAddress()).isEqualTo(v6);
        assertThat(DnsTestClient.txt(udp(udp6, query(11, "abc-123.auth.example.org.", Type.TXT))))
                .hasSize(2);
        try (Socket socket = new Socket(tcp6.getAddress(), tcp6.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(DnsTestClient.frame(query(12, "abc-123.auth.example.org.", Type.TXT)));
            assertThat(DnsTestClient.txt(DnsTestClient.readFrame(new DataInputStream(socket.getInputStream()))))
                    .hasSize(2);
        }
    }

    @Test
    void answersOverUdpAndTcpWithTheNioTransportToo() throws IOException {
        ChallengeIndex index = TestServedZone.challenges();
        server = new DnsServer(
                List.of(LOOPBACK_ANY_PORT),
                SHORT,
                1,
                new WireResponder(new Responder(TestServedZone.zone(), index, Duration.ofSeconds(1))),
                false);
        server.start();
        InetSocketAddress address = server.udpAddresses().get(0);

        assertThat(DnsTestClient.txt(udp(address, query(13, "abc-123.auth.example.org.", Type.TXT))))
                .hasSize(2);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(DnsTestClient.frame(query(14, "abc-123.auth.example.org.", Type.TXT)));
            assertThat(DnsTestClient.txt(DnsTestClient.readFrame(new DataInputStream(socket.getInputStream()))))
                    .hasSize(2);
        }
    }

    @Test
    void closesGracefullyAndReleasesThePort() throws IOException {
        InetSocketAddress address = start(SHORT);
        server.close();
        server = null;

        try (DatagramSocket again = new DatagramSocket(address)) {
            assertThat(again.getLocalPort()).isEqualTo(address.getPort());
        }
        try (Socket refused = new Socket()) {
            refused.connect(address, 500);
            refused.setSoTimeout(500);
            assertThat(refused.getInputStream().read()).isEqualTo(-1);
        } catch (IOException expected) {
            assertThat(expected).isNotInstanceOf(EOFException.class);
        }
    }
}
