package org.acmedelegate.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of one listen address: several sockets on the same port where the platform has
 * SO_REUSEPORT (the kernel spreads the senders over them), each read by a {@link UdpReceiveLoop} on a daemon
 * thread of its own. {@link #close()} closes the sockets, which wakes the loops, and waits for them to end.
 */
final class UdpSockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSockets.class);
    private static final int SOCKET_RECEIVE_BUFFER = 1 << 20;
    private static final long STOP_WAIT_MILLIS = 2000;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private InetSocketAddress address;

    private UdpSockets() {}

    /** How many sockets one address can have here: {@code wanted}, or 1 without SO_REUSEPORT. */
    static int supported(int wanted) {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT) ? Math.max(1, wanted) : 1;
        } catch (IOException | UnsupportedOperationException e) {
            return 1;
        }
    }

    /**
     * Binds {@code count} sockets to {@code address} (port 0: a free port, the same for all) and starts
     * reading them; on failure nothing stays bound and the cause is thrown.
     */
    static UdpSockets bind(InetSocketAddress address, int count, WireResponder responder) throws IOException {
        UdpSockets sockets = new UdpSockets();
        try {
            for (int i = 0; i < count; i++) {
                DatagramChannel channel = open(address, count > 1);
                sockets.channels.add(channel);
                channel.bind(i == 0 ? address : sockets.address);
                if (i == 0) {
                    sockets.address = (InetSocketAddress) channel.getLocalAddress();
                }
            }
        } catch (IOException | RuntimeException e) {
            sockets.close();
            throw e;
        }
        sockets.start(responder);
        return sockets;
    }

    private static DatagramChannel open(InetSocketAddress address, boolean shared) throws IOException {
        // The address's own family: an IPv6 socket would hand IPv4 senders over as mapped addresses.
        ProtocolFamily family = address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open(family);
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot open a UDP socket for " + address + ": " + e.getMessage(), e);
        }
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void start(WireResponder responder) {
        for (int i = 0; i < channels.size(); i++) {
            Thread thread = new Thread(
                    new UdpReceiveLoop(channels.get(i), responder), "dns-udp-" + address.getPort() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** The bound address (with the actual port when 0 was asked for). */
    InetSocketAddress address() {
        return address;
    }

    /** How many sockets share the address. */
    int count() {
        return channels.size();
    }

    /** True while every socket is open and read. */
    boolean open() {
        return !channels.isEmpty()
                && channels.stream().allMatch(DatagramChannel::isOpen)
                && threads.stream().allMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a UDP socket on {}: {}", address, e.toString());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("UDP thread {} did not stop within {} ms", thread.getName(), STOP_WAIT_MILLIS);
            }
        }
    }
}
