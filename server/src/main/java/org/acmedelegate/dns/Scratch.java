package org.acmedelegate.dns;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread byte arrays the handlers copy a query into and have its reply written to, so the common
 * answers allocate nothing of their own (the reply goes out in a buffer from the channel's pooled allocator).
 */
final class Scratch {
    private static final FastThreadLocal<Scratch> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    /** The query's bytes (only the first {@code length} count). */
    final byte[] query = new byte[WireCodec.TCP_MAX];
    /** Where the reply is written. */
    final byte[] reply = new byte[WireCodec.TCP_MAX];

    int length;

    private Scratch() {}

    /** This thread's scratch, holding a copy of {@code content}'s readable bytes. */
    static Scratch of(ByteBuf content) {
        Scratch s = PER_THREAD.get();
        s.length = Math.min(content.readableBytes(), s.query.length);
        content.getBytes(content.readerIndex(), s.query, 0, s.length);
        return s;
    }
}
