package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.acmedelegate.DnsTestClient;
import org.acmedelegate.config.TcpLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The protocol's corners, each over a real socket: opcodes before questions (RFC 8906), meta-types as
 * questions, the DO bit (RFC 3225), OPT on FORMERR (RFC 6891), and a TCP message whose body stalls.
 */
@Timeout(20)
class ProtocolCornersIT {
    private DnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws IOException {
        server = new DnsServer(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                TcpLimits.DEFAULT,
                2,
                new WireResponder(
                        new Responder(TestServedZone.zone(), TestServedZone.challenges(), Duration.ofSeconds(1))));
        server.start();
        address = server.udpAddresses().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 9, 15})
    void answersNotimpToAHeaderOnlyMessageWithAnOpcodeWeDoNotImplement(int opcode) throws IOException {
        byte[] header = {0x12, 0x34, (byte) (opcode << 3), 0, 0, 0, 0, 0, 0, 0, 0, 0};

        Message reply = udp(header);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(reply.getHeader().getOpcode()).isEqualTo(opcode);
        assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
    }

    @Test
    void answersNotimpWithAnOptToAnUnparsableMessageWithAnUnknownOpcode() throws IOException {
        byte[] broken = truncatedEdnsOption();
        broken[2] = (byte) (2 << 3);

        Message reply = udp(broken);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(reply.getOPT()).isNotNull();
    }

    @Test
    void answersNotimpToQtypeZeroAndMetaTypesNeverNoerrorWithAnSoa() throws IOException {
        for (int type : new int[] {0, Type.OPT, 128, Type.TKEY, Type.TSIG, Type.MAILA}) {
            Message reply = udp(query("abc-123.auth.example.org.", type));
            assertThat(reply.getRcode()).as(Type.string(type)).isEqualTo(Rcode.NOTIMP);
            assertThat(reply.getSection(Section.AUTHORITY))
                    .as(Type.string(type))
                    .isEmpty();
        }
    }

    @Test
    void copiesTheDoBitIntoTheReplyOptAndClearsOtherFlagsOverUdpAndTcp() throws IOException {
        // A registered TXT (the fast path), an NXDOMAIN and an SOA (the general path), each with DO and a stray flag.
        for (String qname : List.of("abc-123.auth.example.org.", "nobody.auth.example.org.", "auth.example.org.")) {
            int type = qname.startsWith("auth") ? Type.SOA : Type.TXT;
            byte[] query = withOpt(query(qname, type), ExtendedFlags.DO | 0x0100);
            for (Message reply : List.of(udp(query), tcp(query))) {
                assertThat(reply.getOPT()).as(qname).isNotNull();
                assertThat(reply.getOPT().getFlags()).as(qname).isEqualTo(ExtendedFlags.DO);
            }
            byte[] plain = withOpt(query(qname, type), 0);
            assertThat(udp(plain).getOPT().getFlags()).as(qname).isZero();
        }
    }

    @Test
    void answersFormerrWithAnOptToTwoOptRecords() throws IOException {
        byte[] once = withOpt(query("auth.example.org.", Type.SOA), ExtendedFlags.DO);
        byte[] opt = Arrays.copyOfRange(once, once.length - 11, once.length);
        byte[] twice = Arrays.copyOf(once, once.length + 11);
        System.arraycopy(opt, 0, twice, once.length, 11);
        twice[11] = 2;

        Message reply = udp(twice);

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getFlags()).isEqualTo(ExtendedFlags.DO);
    }

    @Test
    void answersFormerrWithAnOptToATruncatedEdnsOption() throws IOException {
        Message reply = udp(truncatedEdnsOption());

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getHeader().getID()).isEqualTo(0x4242);
    }

    @Test
    void closesATcpConnectionWhoseMessageBodyStallsWithinTwoSecondsByDefault() throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {0, 40, 0x42, 0x42, 0});
            long started = System.nanoTime();

            assertThat(closedByServer(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2900));
        }
    }

    // An SOA query whose OPT RDATA (4 bytes) holds option 10 (cookie) claiming 8 bytes of data that are not there.
    private static byte[] truncatedEdnsOption() throws IOException {
        byte[] base = withOpt(query("auth.example.org.", Type.SOA), 0);
        byte[] broken = Arrays.copyOf(base, base.length + 4);
        broken[base.length - 1] = 4;
        broken[base.length + 1] = 10;
        broken[base.length + 3] = 8;
        return broken;
    }

    private static byte[] query(String qname, int type) {
        Message query = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
        query.getHeader().setID(0x4242);
        return query.toWire();
    }

    private static byte[] withOpt(byte[] query, int flags) throws IOException {
        Message message = new Message(query);
        message.addRecord(new OPTRecord(1232, 0, 0, flags), Section.ADDITIONAL);
        return message.toWire();
    }

    private Message udp(byte[] packet) throws IOException {
        return DnsTestClient.udp(address, packet);
    }

    private Message tcp(byte[] message) throws IOException {
        return DnsTestClient.tcp(address, message);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
