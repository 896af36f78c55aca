package org.acmedelegate.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers each UDP datagram with at most one datagram, to the sender. Shared by all UDP channels. */
@ChannelHandler.Sharable
public final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);
    private final WireResponder responder;

    public UdpQueryHandler(WireResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Scratch scratch = Scratch.of(packet.content());
        if (responder.defers(scratch.query, scratch.length)) {
            Channel channel = ctx.channel();
            InetSocketAddress sender = packet.sender();
            responder.update(Arrays.copyOf(scratch.query, scratch.length), sender, false, r -> {
                DatagramPacket reply = new DatagramPacket(Unpooled.wrappedBuffer(r), sender);
                // A refusal decided on this thread leaves with the batch's flush (one sendmmsg for a
                // flood of them); a reply from the update worker is flushed at once.
                if (channel.eventLoop().inEventLoop()) {
                    channel.write(reply, channel.voidPromise());
                } else {
                    channel.writeAndFlush(reply, channel.voidPromise());
                }
            });
            return;
        }
        int length = responder.answerUdp(scratch.query, scratch.length, packet.sender(), scratch.reply);
        if (length < 0) {
            return;
        }
        // Under a flood the socket buffer fills; dropping is what a full buffer would do anyway, and
        // queueing without bound would not be.
        if (!ctx.channel().isWritable()) {
            LOG.debug("dropped a reply to {}: UDP send buffer full", packet.sender());
            return;
        }
        // Flushed once per read batch (channelReadComplete): epoll then sends the batch with one sendmmsg.
        ByteBuf reply = ctx.alloc().ioBuffer(length).writeBytes(scratch.reply, 0, length);
        ctx.write(new DatagramPacket(reply, packet.sender()), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram or an ICMP error must not close the shared socket.
        LOG.debug("UDP error on {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
