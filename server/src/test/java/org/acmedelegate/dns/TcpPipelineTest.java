package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.TcpLimits;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class TcpPipelineTest {
    private static final TcpLimits LIMITS = new TcpLimits(Duration.ofSeconds(10), Duration.ofSeconds(3), 2, 64 * 1024);

    private final TcpChannelInitializer initializer = new TcpChannelInitializer(LIMITS, TestServedZone.wire());

    private static byte[] frame(int id, String qname, int type) {
        Message query = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        return ByteBuffer.allocate(wire.length + 2)
                .putShort((short) wire.length)
                .put(wire)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<Message> replies(EmbeddedChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        ByteBuffer stream = ByteBuffer.wrap(out.toByteArray());
        List<Message> messages = new ArrayList<>();
        while (stream.hasRemaining()) {
            byte[] message = new byte[stream.getShort() & 0xFFFF];
            stream.get(message);
            messages.add(new Message(message));
        }
        return messages;
    }

    @Test
    void answersPipelinedQueriesInOneWriteInOrder() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        channel.writeInbound(Unpooled.wrappedBuffer(concat(
                frame(1, "abc-123.auth.example.org.", Type.TXT),
                frame(2, "www.auth.example.org.", Type.A),
                frame(3, "nobody.auth.example.org.", Type.A))));

        List<Message> replies = replies(channel);

        assertThat(replies).extracting(m -> m.getHeader().getID()).containsExactly(1, 2, 3);
        assertThat(replies.get(0).getSection(Section.ANSWER)).hasSize(2);
        assertThat(replies.get(1).getSection(Section.ANSWER)).hasSize(2);
        assertThat(replies.get(2).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answersAFrameSplitAcrossTwoWritesOnceItIsComplete() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        byte[] frame = frame(7, "abc-123.auth.example.org.", Type.TXT);

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 0, 1)));
        assertThat(replies(channel)).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 1, frame.length)));

        assertThat(replies(channel)).singleElement().satisfies(m -> {
            assertThat(m.getHeader().getID()).isEqualTo(7);
            assertThat(m.getSection(Section.ANSWER)).hasSize(2);
        });
    }

    @Test
    void closesAConnectionIdleForTheIdleTimeout() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(1, "www.auth.example.org.", Type.A)));

        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closesASlowDripConnectionAfterThePartialTimeoutEvenWhileBytesKeepComing() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        byte[] frame = frame(1, "www.auth.example.org.", Type.A);

        for (int i = 0; i < 3; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {frame[i]}));
            channel.advanceTimeBy(1100, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void restartsTheIdleClockAfterEachCompleteQuery() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        for (int i = 0; i < 3; i++) {
            channel.advanceTimeBy(8, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            channel.writeInbound(Unpooled.wrappedBuffer(frame(i, "www.auth.example.org.", Type.A)));
        }

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void atTheCapANewConnectionGetsInAndTheOneWithoutProgressTheLongestIsClosed() throws IOException {
        EmbeddedChannel first = new EmbeddedChannel(initializer);
        EmbeddedChannel second = new EmbeddedChannel(initializer);
        first.writeInbound(Unpooled.wrappedBuffer(frame(1, "www.auth.example.org.", Type.A)));
        assertThat(replies(first)).hasSize(1);

        EmbeddedChannel third = new EmbeddedChannel(initializer);

        assertThat(third.isOpen()).isTrue();
        assertThat(second.isOpen()).as("idle since it was accepted").isFalse();
        assertThat(first.isOpen())
                .as("sent a whole query after the second was accepted")
                .isTrue();
        assertThat(initializer.openConnections()).isEqualTo(2);

        first.close();
        assertThat(initializer.openConnections()).isEqualTo(1);
        EmbeddedChannel fourth = new EmbeddedChannel(initializer);
        assertThat(fourth.isOpen()).isTrue();
        assertThat(third.isOpen()).isTrue();
        assertThat(initializer.openConnections()).isEqualTo(2);
    }

    @Test
    void sendsNothingForAFrameTooShortForAHeaderButKeepsTheConnection() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));

        assertThat(replies(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }
}
