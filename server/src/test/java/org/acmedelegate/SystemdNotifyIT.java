package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd's side of Type=notify played by a unix datagram socket, as systemd listens on NOTIFY_SOCKET. */
class SystemdNotifyIT {
    @TempDir
    Path dir;

    @Test
    void readySendsReadyAndTheStatusToTheNotifySocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "needs Netty's native epoll transport to receive unix datagrams");
        assumeTrue(onPath("systemd-notify"), "needs systemd-notify (package systemd)");
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Path socket = dir.resolve("notify");
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            received.add(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString()))
                    .sync()
                    .channel();

            boolean sent =
                    new SystemdNotify(Map.of("NOTIFY_SOCKET", socket.toString())).ready("serving auth.example.org.");

            assertThat(sent).isTrue();
            String message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.lines()).contains("READY=1", "STATUS=serving auth.example.org.");
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aSocketNobodyListensOnIsReportedNotThrown() {
        assumeTrue(onPath("systemd-notify"), "needs systemd-notify (package systemd)");
        assertThat(new SystemdNotify(
                                Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()))
                        .ready("x"))
                .isFalse();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
