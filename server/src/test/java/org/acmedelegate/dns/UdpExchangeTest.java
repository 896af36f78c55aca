package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.acmedelegate.config.RrlConfig;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UdpExchangeTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 5353);
    private final ByteBuffer in = ByteBuffer.allocateDirect(WireCodec.TCP_MAX);
    private final ByteBuffer out = ByteBuffer.allocateDirect(WireCodec.TCP_MAX);
    private final List<byte[]> late = new ArrayList<>();
    private final List<InetSocketAddress> lateTo = new ArrayList<>();

    private static byte[] query(int id, String name, int type) {
        Message query = Message.newQuery(Record.newRecord(TestServedZone.name(name), type, DClass.IN));
        query.getHeader().setID(id);
        return query.toWire();
    }

    /** The reply the exchange leaves in {@code out}, or null when it sends nothing now. */
    private Message exchange(UdpExchange exchange, byte[] datagram, InetSocketAddress sender) throws Exception {
        in.clear();
        in.put(datagram);
        boolean send = exchange.answer(in, sender, out, (reply, to) -> {
            late.add(reply);
            lateTo.add(to);
        });
        if (!send) {
            return null;
        }
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return new Message(bytes);
    }

    @Test
    void leavesTheAnswerInTheSendBufferReadyToSend() throws Exception {
        UdpExchange exchange = new UdpExchange(TestServedZone.wire());

        Message reply = exchange(exchange, query(42, "abc-123.auth.example.org.", Type.TXT), CLIENT);

        assertThat(reply.getHeader().getID()).isEqualTo(42);
        assertThat(reply.getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void aShortReplyAfterALongOneCarriesNothingOfTheLongOne() throws Exception {
        UdpExchange exchange = new UdpExchange(TestServedZone.wire());
        exchange(exchange, query(1, "abc-123.auth.example.org.", Type.TXT), CLIENT);
        int longReply = out.limit();

        Message reply = exchange(exchange, query(2, "nobody-here.auth.example.org.", Type.A), CLIENT);

        assertThat(out.limit()).isLessThan(longReply);
        assertThat(reply.getHeader().getID()).isEqualTo(2);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void sendsNothingForADatagramShorterThanAHeaderAndAnswersTheNextOne() throws Exception {
        UdpExchange exchange = new UdpExchange(TestServedZone.wire());

        assertThat(exchange(exchange, new byte[5], CLIENT)).isNull();
        assertThat(exchange(exchange, query(3, "www.auth.example.org.", Type.A), CLIENT))
                .isNotNull();
    }

    @Test
    void sendsNothingToASenderWithPortZero() throws Exception {
        UdpExchange exchange = new UdpExchange(TestServedZone.wire());

        Message reply = exchange(
                exchange,
                query(4, "abc-123.auth.example.org.", Type.TXT),
                new InetSocketAddress(CLIENT.getAddress(), 0));

        assertThat(reply).isNull();
    }

    @Test
    void handsAnUpdateToItsWorkerAndSendsItsReplyLaterToTheSender() throws Exception {
        WireResponder wire = TestServedZone.wire();
        List<SocketAddress> senders = new ArrayList<>();
        List<Consumer<byte[]>> pending = new ArrayList<>();
        wire.handSignedRequestsTo(new SignedRequests() {
            @Override
            public void update(byte[] bytes, SocketAddress sender, boolean tcp, Consumer<byte[]> reply) {
                senders.add(sender);
                pending.add(reply);
            }

            @Override
            public Message signedQuery(Message query, byte[] bytes) {
                return null;
            }
        });
        Message update = Message.newUpdate(TestServedZone.APEX);
        update.getHeader().setOpcode(Opcode.UPDATE);
        UdpExchange exchange = new UdpExchange(wire);

        Message now = exchange(exchange, update.toWire(), CLIENT);
        byte[] answer = {1, 2, 3};
        pending.get(0).accept(answer);

        assertThat(now).isNull();
        assertThat(senders).containsExactly(CLIENT);
        assertThat(late).containsExactly(answer);
        assertThat(lateTo).containsExactly(CLIENT);
    }

    @Test
    void dropsOrTruncatesWhatResponseRateLimitingSaysTo() throws Exception {
        ResponseRateLimiter rrl =
                new ResponseRateLimiter(new RrlConfig(true, 1, 1, 2, 1, 24, 56), TestServedZone.CLOCK);
        UdpExchange exchange =
                new UdpExchange(new WireResponder(TestServedZone.responder(), DnsObserver.NOOP, false, rrl));
        byte[] query = query(5, "abc-123.auth.example.org.", Type.TXT);

        Message first = exchange(exchange, query, CLIENT);
        Message second = exchange(exchange, query, CLIENT);
        Message third = exchange(exchange, query, CLIENT);

        assertThat(first.getSection(Section.ANSWER)).hasSize(2);
        assertThat(second).isNull();
        assertThat(third.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(third.getSection(Section.ANSWER)).isEmpty();
    }
}
