package org.acmedelegate;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A tiny DNS server on 127.0.0.1 (UDP, port 0) standing in for the users' own zones: it answers
 * CNAME records that the test sets, and NXDOMAIN for everything else.
 */
final class FakeParentDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, Name> cnames = new ConcurrentHashMap<>();
    private final Thread thread;

    FakeParentDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "fake-parent-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void cname(String owner, String target) {
        cnames.put(Name.fromConstantString(owner + "."), Name.fromConstantString(target + "."));
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.AA);
                reply.addRecord(query.getQuestion(), Section.QUESTION);
                Name target = cnames.get(query.getQuestion().getName());
                if (target == null) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    reply.addRecord(
                            new CNAMERecord(query.getQuestion().getName(), DClass.IN, 60, target), Section.ANSWER);
                }
                byte[] wire = reply.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a packet we cannot read: keep serving until closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
