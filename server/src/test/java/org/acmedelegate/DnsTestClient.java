package org.acmedelegate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Sends one DNS query over a real UDP or TCP socket and returns the parsed answer. */
final class DnsTestClient {
    private DnsTestClient() {
    }

    static Message query(Name name, int type) {
        return Message.newQuery(Record.newRecord(name, type, DClass.IN));
    }

    static Message udp(InetSocketAddress server, Message query) throws IOException {
        return new Message(udp(server, query.toWire()));
    }

    /** Sends {@code wire} over UDP from 127.0.0.1 and returns the reply's bytes. */
    static byte[] udp(InetSocketAddress server, byte[] wire) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(wire, wire.length, server));
            byte[] buffer = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return Arrays.copyOf(buffer, packet.getLength());
        }
    }

    static Message tcp(InetSocketAddress server, Message query) throws IOException {
        return new Message(tcp(server, query.toWire()));
    }

    /** Sends {@code wire} over one TCP connection and returns the reply's bytes. */
    static byte[] tcp(InetSocketAddress server, byte[] wire) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 3000);
            socket.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        }
    }
}
