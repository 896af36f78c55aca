package org.acmedelegate.dns;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Enters each new TCP connection in the server's {@link TcpConnectionTable} (which may close older ones to
 * make room), tells it when a whole message arrives, and takes the connection out when it closes. Sits
 * after the framing decoder, so what it reads are whole messages. One instance per connection.
 */
public final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {
    private final TcpConnectionTable table;

    public TcpConnectionLimit(TcpConnectionTable table) {
        this.table = table;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        table.admit(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        table.progressed(ctx.channel());
        ctx.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        table.remove(ctx.channel());
        ctx.fireChannelInactive();
    }
}
