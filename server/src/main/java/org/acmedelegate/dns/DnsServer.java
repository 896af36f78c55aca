package org.acmedelegate.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
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
 * The DNS listener: UDP and TCP on every configured address, epoll when available and NIO otherwise.
 * {@link #start()} binds; a configured port of 0 gets one free port shared by UDP and TCP.
 * {@link #close()} stops listening and shuts the event loops down gracefully.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    // A slot holds the largest UDP payload there is: Netty's default 2048-byte buffer, or a smaller
    // recvmmsg slot, would silently cut longer datagrams.
    private static final int UDP_DATAGRAM_SLOT = 65535;
    private static final int UDP_SOCKET_BUFFER = 1 << 20;
    private static final int SHARED_PORT_ATTEMPTS = 5;
    private static final int UDP_READS_PER_WAKEUP = 16;

    private final List<InetSocketAddress> listen;
    private final TcpLimits limits;
    private final int udpWorkers;
    private final WireResponder responder;
    private final boolean epoll;
    private final List<Channel> channels = new ArrayList<>();
    private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
    private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();
    private final int threads;
    private EventLoopGroup group;

    /**
     * Listens on {@code listen} (port 0: one free port for UDP and TCP) with {@code udpWorkers} UDP sockets per
     * address, answering through {@code responder}.
     */
    public DnsServer(List<InetSocketAddress> listen, TcpLimits limits, int udpWorkers, WireResponder responder) {
        this(listen, limits, udpWorkers, responder, true);
    }

    /** {@code preferEpoll = false} forces NIO, so tests cover the fallback on a Linux host too. */
    DnsServer(
            List<InetSocketAddress> listen,
            TcpLimits limits,
            int udpWorkers,
            WireResponder responder,
            boolean preferEpoll) {
        if (udpWorkers < 1) {
            throw new IllegalArgumentException("udpWorkers must be at least 1: " + udpWorkers);
        }
        this.listen = List.copyOf(listen);
        this.limits = limits;
        this.udpWorkers = udpWorkers;
        this.responder = responder;
        this.epoll = preferEpoll && Epoll.isAvailable();
        this.threads = Math.max(Math.max(2, Runtime.getRuntime().availableProcessors()), udpWorkers);
    }

    /** True while every listener is bound and open: what {@code /ready} asks. */
    public synchronized boolean listening() {
        return group != null && !channels.isEmpty() && channels.stream().allMatch(Channel::isActive);
    }

    /**
     * Starts the event loops without binding anything, so a start-up can get this done while it still
     * loads data; {@link #start} does it when it was not done before.
     */
    public synchronized void prepare() {
        if (group == null) {
            IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            group = new MultiThreadIoEventLoopGroup(threads, handlers);
        }
    }

    /** Binds UDP and TCP on every listen address; on failure nothing stays bound and the cause is thrown. */
    public synchronized void start() throws IOException {
        if (!channels.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        prepare();
        Bootstrap udp = udpBootstrap();
        ServerBootstrap tcp = tcpBootstrap();
        try {
            for (InetSocketAddress address : listen) {
                bindBoth(udp, tcp, address);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(
                "DNS listening on UDP {} and TCP {} ({}, {} UDP sockets per address)",
                udpAddresses,
                tcpAddresses,
                epoll ? "epoll with recvmmsg" : "nio",
                udpSocketsPerAddress());
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

    private void bindBoth(Bootstrap udp, ServerBootstrap tcp, InetSocketAddress address) throws IOException {
        if (address.getPort() != 0) {
            Channel tcpChannel = bind(tcp.bind(address));
            channels.add(tcpChannel);
            Channel udpChannel = bind(udp.bind(address));
            record(udp, udpChannel, tcpChannel);
            return;
        }
        // Bind TCP on a free port first, then UDP on the same number: a test talks to one port.
        IOException last = null;
        for (int attempt = 0; attempt < SHARED_PORT_ATTEMPTS; attempt++) {
            Channel tcpChannel = bind(tcp.bind(address));
            int port = ((InetSocketAddress) tcpChannel.localAddress()).getPort();
            try {
                Channel udpChannel = bind(udp.bind(new InetSocketAddress(address.getAddress(), port)));
                channels.add(tcpChannel);
                record(udp, udpChannel, tcpChannel);
                return;
            } catch (IOException e) {
                last = e;
                tcpChannel.close().awaitUninterruptibly();
            }
        }
        throw last;
    }

    private void record(Bootstrap udp, Channel udpChannel, Channel tcpChannel) throws IOException {
        channels.add(udpChannel);
        InetSocketAddress bound = (InetSocketAddress) udpChannel.localAddress();
        // One UDP socket per event loop on the same port (SO_REUSEPORT), so datagrams spread over
        // every thread instead of queueing behind one.
        for (int i = 1; i < udpSocketsPerAddress(); i++) {
            channels.add(bind(udp.bind(bound)));
        }
        udpAddresses.add(bound);
        tcpAddresses.add((InetSocketAddress) tcpChannel.localAddress());
    }

    private int udpSocketsPerAddress() {
        return epoll ? udpWorkers : 1;
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

    private Bootstrap udpBootstrap() {
        Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.RECVBUF_ALLOCATOR, udpReceiveAllocator())
                .option(ChannelOption.SO_RCVBUF, UDP_SOCKET_BUFFER)
                .handler(new UdpQueryHandler(responder));
        if (udpSocketsPerAddress() > 1) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (epoll) {
            // recvmmsg: up to 16 datagrams per system call, one slot each (see udpReceiveAllocator).
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_DATAGRAM_SLOT);
        }
        return bootstrap;
    }

    // Netty stops reading after one datagram when it was smaller than the buffer ("no more data"), which
    // costs one wake-up per query; reading on until the socket is empty (at most 16 per wake-up) lets a busy
    // socket be drained in one go and its replies leave in one flush (sendmmsg). With epoll the 16 are read
    // by one recvmmsg into 16 slots: on a virtual machine, where each system call is dear, that halved the
    // CPU per query (BENCHMARKS.md section 1).
    private FixedRecvByteBufAllocator udpReceiveAllocator() {
        int slots = epoll ? UDP_READS_PER_WAKEUP : 1;
        FixedRecvByteBufAllocator allocator = new FixedRecvByteBufAllocator(slots * UDP_DATAGRAM_SLOT);
        allocator.respectMaybeMoreData(false);
        allocator.maxMessagesPerRead(UDP_READS_PER_WAKEUP);
        return allocator;
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
