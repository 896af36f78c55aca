package org.acmedelegate.dns;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.TcpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listener: UDP and TCP on every configured address. TCP runs on Netty's event loops (epoll when
 * available, NIO otherwise); UDP on {@link UdpSockets}, one thread per socket, outside Netty.
 * {@link #start()} binds; a configured port of 0 gets one free port shared by UDP and TCP.
 * {@link #close()} stops listening and shuts the event loops down gracefully.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int SHARED_PORT_ATTEMPTS = 5;
    // Measuring SO_REUSEPORT (bench/dns-throughput.sh, JAVA_OPTS_B): fewer UDP sockets than cores.
    private static final int UDP_SOCKETS = Integer.getInteger("acme-delegate.udp-sockets", Integer.MAX_VALUE);

    private final List<InetSocketAddress> listen;
    private final TcpLimits limits;
    private final WireResponder responder;
    private final boolean epoll;
    private final List<Channel> channels = new ArrayList<>();
    private final List<UdpSockets> udp = new ArrayList<>();
    private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
    private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();
    private final int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private EventLoopGroup group;

    /** Listens on {@code listen} (port 0: one free port for UDP and TCP), answering through {@code responder}. */
    public DnsServer(List<InetSocketAddress> listen, TcpLimits limits, WireResponder responder) {
        this(listen, limits, responder, true);
    }

    /** {@code preferEpoll = false} forces NIO, so tests cover the fallback on a Linux host too. */
    DnsServer(List<InetSocketAddress> listen, TcpLimits limits, WireResponder responder, boolean preferEpoll) {
        this.listen = List.copyOf(listen);
        this.limits = limits;
        this.responder = responder;
        this.epoll = preferEpoll && Epoll.isAvailable();
    }

    /** True while every listener is bound and open: what {@code /ready} asks. */
    public synchronized boolean listening() {
        return group != null
                && !channels.isEmpty()
                && channels.stream().allMatch(Channel::isActive)
                && udp.stream().allMatch(UdpSockets::open);
    }

    /**
     * Starts the event loops without binding anything, so a start-up can get this done while it still
     * loads data; {@link #start} does it when it was not done before.
     */
    public synchronized void prepare() {
        if (group == null) {
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            group = new MultiThreadIoEventLoopGroup(threads, io);
        }
    }

    /** Binds UDP and TCP on every listen address; on failure nothing stays bound and the cause is thrown. */
    public synchronized void start() throws IOException {
        if (!channels.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        prepare();
        ServerBootstrap tcp = tcpBootstrap();
        int sockets = udpSocketsPerAddress();
        try {
            for (InetSocketAddress address : listen) {
                bindBoth(tcp, address, sockets);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(
                "DNS listening on UDP {} and TCP {} ({}, {} UDP sockets per address)",
                udpAddresses,
                tcpAddresses,
                epoll ? "TCP on epoll" : "TCP on nio",
                sockets);
    }

    /** The bound UDP addresses, in listen order (with the actual port when 0 was configured). */
    public synchronized List<InetSocketAddress> udpAddresses() {
        return List.copyOf(udpAddresses);
    }

    /** The bound TCP addresses, in listen order. */
    public synchronized List<InetSocketAddress> tcpAddresses() {
        return List.copyOf(tcpAddresses);
    }

    @Override
    public synchronized void close() {
        udp.forEach(UdpSockets::close);
        udp.clear();
        if (group == null) {
            return;
        }
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channels.clear();
        group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
    }

    private void bindBoth(ServerBootstrap tcp, InetSocketAddress address, int sockets) throws IOException {
        if (address.getPort() != 0) {
            Channel tcpChannel = bind(tcp.bind(address));
            channels.add(tcpChannel);
            record(UdpSockets.bind(address, sockets, responder), tcpChannel);
            return;
        }
        // Bind TCP on a free port first, then UDP on the same number: a test talks to one port.
        IOException last = null;
        for (int attempt = 0; attempt < SHARED_PORT_ATTEMPTS; attempt++) {
            Channel tcpChannel = bind(tcp.bind(address));
            int port = ((InetSocketAddress) tcpChannel.localAddress()).getPort();
            try {
                UdpSockets bound =
                        UdpSockets.bind(new InetSocketAddress(address.getAddress(), port), sockets, responder);
                channels.add(tcpChannel);
                record(bound, tcpChannel);
                return;
            } catch (IOException e) {
                last = e;
                tcpChannel.close().awaitUninterruptibly();
            }
        }
        throw last;
    }

    private void record(UdpSockets sockets, Channel tcpChannel) {
        udp.add(sockets);
        udpAddresses.add(sockets.address());
        tcpAddresses.add((InetSocketAddress) tcpChannel.localAddress());
    }

    // One UDP socket per core on the same port (SO_REUSEPORT), so datagrams spread over every core instead
    // of queueing behind one thread.
    private int udpSocketsPerAddress() {
        return UdpSockets.supported(Math.min(threads, UDP_SOCKETS));
    }

    private static Channel bind(ChannelFuture future) throws IOException {
        future.awaitUninterruptibly();
        Throwable cause = future.cause();
        if (cause == null) {
            return future.channel();
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        throw new IOException("cannot bind DNS listener: " + cause, cause);
    }

    private ServerBootstrap tcpBootstrap() {
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int high = Math.max(1, limits.maxPendingBytes());
        return new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .childHandler(new TcpChannelInitializer(limits, responder));
    }
}
