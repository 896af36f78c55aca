package org.acmedelegate.dns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmedelegate.config.TcpLimits;

/** The pipeline of one DNS-over-TCP connection: cap, framing with timeouts, length prefix, answers. */
public final class TcpChannelInitializer extends ChannelInitializer<Channel> {
    private final TcpLimits limits;
    private final WireResponder responder;
    private final AtomicInteger open = new AtomicInteger();

    public TcpChannelInitializer(TcpLimits limits, WireResponder responder) {
        this.limits = limits;
        this.responder = responder;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(
                new TcpConnectionLimit(open, limits.maxConnections()),
                new TcpFrameDecoder(limits.idleTimeout(), limits.partialMessageTimeout()),
                new LengthFieldPrepender(2),
                new TcpQueryHandler(responder));
    }

    /** Connections open now (for tests and metrics). */
    public int openConnections() {
        return open.get();
    }
}
