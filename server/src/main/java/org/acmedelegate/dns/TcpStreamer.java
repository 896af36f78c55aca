package org.acmedelegate.dns;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Answers some TCP requests with several messages (zone transfers), written from a thread of its own with
 * backpressure from the channel. While a stream runs on a channel ({@link #begin}), the TCP handlers neither
 * close it as idle nor as a client that does not read: the streamer waits for the channel instead.
 */
public interface TcpStreamer {
    /**
     * Takes over the message in the first {@code length} bytes of {@code buffer} when it is a request this
     * streamer answers; the buffer is reused after the call, so a streamer that takes it copies what it needs.
     */
    boolean take(Channel channel, byte[] buffer, int length);

    AttributeKey<Boolean> STREAMING = AttributeKey.valueOf("acme-delegate.tcp-streaming");

    /** Marks {@code channel} as carrying a stream until {@link #end}. */
    static void begin(Channel channel) {
        channel.attr(STREAMING).set(Boolean.TRUE);
    }

    static void end(Channel channel) {
        channel.attr(STREAMING).set(null);
    }

    /** True while a stream is being written on {@code channel}. */
    static boolean streaming(Channel channel) {
        return channel.hasAttr(STREAMING)
                && Boolean.TRUE.equals(channel.attr(STREAMING).get());
    }
}
