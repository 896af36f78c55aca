package org.acmedelegate.dns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldPrepender;
import org.acmedelegate.config.TcpLimits;

/** The pipeline of one DNS-over-TCP connection: framing with timeouts, the connection table, length prefix, answers. */
public final class TcpChannelInitializer extends ChannelInitializer<Channel> {
    private final TcpLimits limits;
    private final WireResponder responder;
    private final TcpConnectionTable table;

    public TcpChannelInitializer(TcpLimits limits, WireResponder responder) {
        this.limits = limits;
        this.responder = responder;
        this.table = new TcpConnectionTable(
                limits.maxConnections(), limits.maxConnectionsPerNetwork(), responder.observer()::tcpEvicted);
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast(
                        new TcpFrameDecoder(limits.idleTimeout(), limits.partialMessageTimeout()),
                        new TcpConnectionLimit(table),
                        new LengthFieldPrepender(2),
                        new TcpQueryHandler(responder));
    }

    /** Connections open now. */
    int openConnections() {
        return table.size();
    }
}
