package org.acmedelegate.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a TCP stream into DNS messages (RFC 1035 2-byte length prefix, stripped) and closes the
 * connection when it is idle between messages for {@code idleTimeout}, or when a message that has
 * begun arriving is not complete within {@code partialTimeout} (so slow-drip clients cannot hold it).
 */
public final class TcpFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFrameDecoder.class);
    private static final int LENGTH_FIELD = 2;

    private final long idleNanos;
    private final long partialNanos;
    private ScheduledFuture<?> timer;
    private boolean partialTimer;
    private int framesThisRead;

    public TcpFrameDecoder(Duration idleTimeout, Duration partialTimeout) {
        super(WireCodec.TCP_MAX + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD);
        this.idleNanos = idleTimeout.toNanos();
        this.partialNanos = partialTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            arm(ctx, false);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null) {
            arm(ctx, false);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        framesThisRead = 0;
        super.channelRead(ctx, msg);
        if (!ctx.channel().isActive()) {
            return;
        }
        if (actualReadableBytes() == 0) {
            arm(ctx, false);
        } else if (framesThisRead > 0 || !partialTimer) {
            // A new message has begun: its clock starts now and more drips do not extend it.
            arm(ctx, true);
        }
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        Object frame = super.decode(ctx, in);
        if (frame != null) {
            framesThisRead++;
        }
        return frame;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx, boolean partial) {
        cancel();
        partialTimer = partial;
        timer = ctx.executor()
                .schedule(
                        () -> {
                            if (!partial && TcpStreamer.streaming(ctx.channel())) {
                                arm(ctx, false); // not idle: a zone transfer is being written
                                return;
                            }
                            LOG.debug(
                                    "closing TCP connection from {}: {}",
                                    ctx.channel().remoteAddress(),
                                    partial ? "message not complete in time" : "idle");
                            ctx.close();
                        },
                        partial ? partialNanos : idleNanos,
                        TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
