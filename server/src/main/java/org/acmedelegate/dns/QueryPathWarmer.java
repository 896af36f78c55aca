package org.acmedelegate.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.acmedelegate.config.TcpLimits;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Runs a few thousand made-up queries through the real UDP and TCP handlers before DNS listens, so that
 * class loading and the JIT's first compilations of the query path happen before the first real query,
 * not during it (on a busy machine a cold JVM took about a second for its first answers). It answers
 * through its own {@link WireResponder} without metrics or query log, so nothing it does is counted.
 */
public final class QueryPathWarmer {
    private static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.1", 5353);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.2", 53);

    private QueryPathWarmer() {}

    /** Answers {@code queries} queries (made up, in the zone and out of it) and throws the answers away. */
    public static void warm(Responder responder, int queries) {
        WireResponder quiet = new WireResponder(responder);
        List<byte[]> mix = mix(responder.zone().apex());
        EmbeddedChannel udp = new EmbeddedChannel(new UdpQueryHandler(quiet));
        EmbeddedChannel tcp = new EmbeddedChannel(new TcpChannelInitializer(TcpLimits.DEFAULT, quiet));
        try {
            for (int i = 0; i < queries; i++) {
                byte[] query = mix.get(i % mix.size());
                if (i % 4 == 3) {
                    ByteBuf framed = Unpooled.buffer(query.length + 2)
                            .writeShort(query.length)
                            .writeBytes(query);
                    tcp.writeInbound(framed);
                    drain(tcp);
                } else {
                    udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(query), LOCAL, SENDER));
                    drain(udp);
                }
            }
        } finally {
            udp.finishAndReleaseAll();
            tcp.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel) {
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ReferenceCountUtil.release(out);
        }
    }

    // The shapes real traffic has: TXT for a registration (one label below the apex, here an unknown one, so
    // NXDOMAIN), with and without EDNS, the apex's SOA and NS, and a name outside the zone.
    private static List<byte[]> mix(Name apex) {
        try {
            Name registration = Name.fromString("warm-up-0f1e2d3c", apex);
            return List.of(
                    query(registration, Type.TXT, true),
                    query(registration, Type.TXT, false),
                    query(registration, Type.A, true),
                    query(apex, Type.SOA, true),
                    query(apex, Type.NS, false),
                    query(Name.fromString("example.net."), Type.A, true));
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] query(Name name, int type, boolean edns) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (edns) {
            query.addRecord(new OPTRecord(Responder.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return query.toWire();
    }
}
