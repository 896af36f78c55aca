package org.acmedelegate.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each framed TCP message in arrival order, flushing once per read, and closes a connection
 * whose client leaves more than the channel's high water mark of answers unwritten (it sends but does
 * not read), so unread answers are never buffered without bound.
 */
public final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final WireResponder responder;

    public TcpQueryHandler(WireResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Scratch scratch = Scratch.of(frame);
        if (responder.defers(scratch.query, scratch.length)) {
            io.netty.channel.Channel channel = ctx.channel();
            responder.update(
                    java.util.Arrays.copyOf(scratch.query, scratch.length),
                    channel.remoteAddress(),
                    true,
                    r -> channel.writeAndFlush(Unpooled.wrappedBuffer(r)));
            return;
        }
        TcpStreamer streamer = responder.streamer();
        if (streamer != null && streamer.take(ctx.channel(), scratch.query, scratch.length)) {
            return;
        }
        int length =
                responder.answerTcp(scratch.query, scratch.length, ctx.channel().remoteAddress(), scratch.reply);
        if (length < 0) {
            return;
        }
        ctx.write(ctx.alloc().ioBuffer(length).writeBytes(scratch.reply, 0, length));
        if (!ctx.channel().isWritable()) {
            flushOrClose(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushOrClose(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Unwritable while nothing is unflushed means the peer is not reading; the check is deferred
        // because this event can fire from inside a write.
        if (!ctx.channel().isWritable() && !TcpStreamer.streaming(ctx.channel())) {
            ctx.executor().execute(() -> flushOrClose(ctx));
        }
        ctx.fireChannelWritabilityChanged();
    }

    private static void flushOrClose(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.flush();
        // A stream (zone transfer) waits for a slow reader itself.
        if (!ctx.channel().isWritable() && !TcpStreamer.streaming(ctx.channel())) {
            LOG.debug(
                    "closing TCP connection from {}: too many unread answers",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing TCP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
