package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UdpQueryHandlerTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

    @Test
    void repliesToTheSenderWithTheAnswer() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(new UdpQueryHandler(TestServedZone.wire()));
        Message query = Message.newQuery(
                Record.newRecord(TestServedZone.name("abc-123.auth.example.org."), Type.TXT, DClass.IN));

        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(query.toWire()), SERVER, CLIENT));
        DatagramPacket reply = channel.readOutbound();

        assertThat(reply.recipient()).isEqualTo(CLIENT);
        Message message = new Message(ByteBufUtil.getBytes(reply.content()));
        reply.release();
        assertThat(message.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(message.getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void staysSilentAndOpenForADatagramShorterThanAHeader() {
        EmbeddedChannel channel = new EmbeddedChannel(new UdpQueryHandler(TestServedZone.wire()));

        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[5]), SERVER, CLIENT));

        Object nothing = channel.readOutbound();
        assertThat(nothing).isNull();
        assertThat(channel.isOpen()).isTrue();
    }
}
