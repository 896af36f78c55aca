package org.acmedelegate;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The tests' DNS client: one query over a real UDP or TCP socket, the answer parsed, and the TXT strings of
 * an answer. Every test that asks a running server uses this one.
 */
public final class DnsTestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private DnsTestClient() {}

    public static Message query(Name name, int type) {
        return Message.newQuery(Record.newRecord(name, type, DClass.IN));
    }

    public static Message udp(InetSocketAddress server, Message query) throws IOException {
        return udp(server, query.toWire());
    }

    /** Sends {@code packet} as it is (it may be malformed) from the server's own address family. */
    public static Message udp(InetSocketAddress server, byte[] packet) throws IOException {
        return udp(server.getAddress(), server, packet, TIMEOUT);
    }

    /**
     * Sends {@code packet} from {@code from} (port 0) and parses the reply.
     *
     * @throws java.net.SocketTimeoutException when no reply came within {@code timeout}
     */
    public static Message udp(InetAddress from, InetSocketAddress server, byte[] packet, Duration timeout)
            throws IOException {
        return new Message(exchangeUdp(from, server, packet, timeout));
    }

    public static Message tcp(InetSocketAddress server, Message query) throws IOException {
        return tcp(server, query.toWire());
    }

    /** Sends {@code message} in one length-prefixed frame on a new connection and reads one reply frame. */
    public static Message tcp(InetSocketAddress server, byte[] message) throws IOException {
        return new Message(tcpBytes(server, message));
    }

    /** {@code message} with its two-byte length prefix, as DNS over TCP sends it. */
    public static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(message.length + 2)
                .putShort((short) message.length)
                .put(message)
                .array();
    }

    public static Message readFrame(DataInputStream in) throws IOException {
        return new Message(readFrameBytes(in));
    }

    private static byte[] readFrameBytes(DataInputStream in) throws IOException {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return message;
    }

    /** The strings of every TXT record in the answer section, in order. */
    public static List<String> txt(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.TXT)
                .flatMap(r -> ((TXTRecord) r).getStrings().stream())
                .toList();
    }

    /** Sends {@code packet} over UDP from 127.0.0.1 and returns the reply's bytes as they came (for TSIG checks). */
    public static byte[] udpBytes(InetSocketAddress server, byte[] packet) throws IOException {
        return exchangeUdp(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), server, packet, TIMEOUT);
    }

    /** Sends {@code message} in one frame on a new TCP connection and returns the reply frame's bytes. */
    public static byte[] tcpBytes(InetSocketAddress server, byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(frame(message));
            socket.getOutputStream().flush();
            return readFrameBytes(new DataInputStream(socket.getInputStream()));
        }
    }

    /**
     * Sends {@code packet} from {@code from} (port 0) and returns the reply's bytes.
     *
     * @throws java.net.SocketTimeoutException when no reply came within {@code timeout}
     */
    private static byte[] exchangeUdp(InetAddress from, InetSocketAddress server, byte[] packet, Duration timeout)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buffer = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return Arrays.copyOf(buffer, reply.getLength());
        }
    }
}
