package org.acmedelegate.hook;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny DNS responder for tests on 127.0.0.1 (UDP and TCP on the same port) that answers from a mutable
 * record list, can force truncation over UDP, and tells a listener about every query.
 */
final class FakeDns implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final List<String> transports = new CopyOnWriteArrayList<>();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile boolean truncateUdp;
    private volatile boolean glue = true;
    private volatile Consumer<Message> onQuery = q -> {};

    private FakeDns(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        daemon(this::serveUdp);
        daemon(this::serveTcp);
    }

    static FakeDns start() throws IOException {
        IOException last = null;
        for (int i = 0; i < 20; i++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
                return new FakeDns(udp, tcp);
            } catch (IOException e) {
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    NameserverAddress address() {
        return new NameserverAddress("127.0.0.1", udp.getLocalPort());
    }

    int port() {
        return udp.getLocalPort();
    }

    FakeDns txt(String name, String value) {
        records.add(new TXTRecord(name(name), DClass.IN, 60, value));
        return this;
    }

    FakeDns ns(String zone, String host) {
        records.add(new NSRecord(name(zone), DClass.IN, 60, name(host)));
        return this;
    }

    FakeDns a(String host, String ip) throws IOException {
        records.add(new ARecord(name(host), DClass.IN, 60, InetAddress.getByName(ip)));
        return this;
    }

    FakeDns cname(String name, String target) {
        records.add(new CNAMERecord(name(name), DClass.IN, 60, name(target)));
        return this;
    }

    FakeDns truncateUdp() {
        truncateUdp = true;
        return this;
    }

    /** NS answers without the nameservers' addresses in the additional section. */
    FakeDns withoutGlue() {
        glue = false;
        return this;
    }

    FakeDns onQuery(Consumer<Message> listener) {
        onQuery = listener;
        return this;
    }

    int queries() {
        return queries.get();
    }

    List<String> transports() {
        return transports;
    }

    static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Message respond(Message query, boolean overUdp) {
        queries.incrementAndGet();
        onQuery.accept(query);
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (overUdp && truncateUdp) {
            response.getHeader().setFlag(Flags.TC);
            return response;
        }
        boolean nameExists = false;
        for (Record r : records) {
            if (r.getName().equals(question.getName())) {
                nameExists = true;
                if (r.getType() == question.getType()) {
                    response.addRecord(r, Section.ANSWER);
                }
            }
        }
        for (Record r : response.getSection(Section.ANSWER)) {
            if (glue && r instanceof NSRecord ns) {
                records.stream()
                        .filter(g -> g.getName().equals(ns.getTarget()) && g.getType() == Type.A)
                        .forEach(g -> response.addRecord(g, Section.ADDITIONAL));
            }
        }
        if (!nameExists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                transports.add("udp");
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] out = respond(query, true).toWire();
                udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a malformed packet: ignore it, as a real server would
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                daemon(() -> serveConnection(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                transports.add("tcp");
                byte[] answer = respond(new Message(query), false).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // client closed the connection
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "fake-dns");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
