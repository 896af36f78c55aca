package org.acmedelegate.dns;

import io.netty.channel.Channel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The open DNS-over-TCP connections of one server, ordered by their last progress (accepted, or a whole
 * message received). A new connection always gets in: when the table is full, or its source network
 * (/24 for IPv4, /56 for IPv6) has its share, the connection that made no progress for the longest is
 * closed to make room. So idle and slow-drip connections, which have the least claim, give way to a
 * client that sends a whole query promptly, and one network cannot take the whole table.
 */
public final class TcpConnectionTable {
    /** Told when a connection is closed to make room. */
    @FunctionalInterface
    public interface EvictionListener {
        void evicted();
    }

    private final int max;
    private final int maxPerNetwork;
    private final EvictionListener listener;
    // Access order: touching a connection moves it to the end, so the first one is the longest without progress.
    private final LinkedHashMap<Channel, Network> byProgress = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Network, LinkedHashSet<Channel>> byNetwork = new HashMap<>();

    public TcpConnectionTable(int max, int maxPerNetwork, EvictionListener listener) {
        this.max = max;
        this.maxPerNetwork = maxPerNetwork;
        this.listener = listener;
    }

    /** Takes a new connection in, closing whichever connections must go to make room for it. */
    public void admit(Channel channel) {
        Network network = Network.of(channel.remoteAddress());
        Channel victim1 = null;
        Channel victim2 = null;
        synchronized (this) {
            LinkedHashSet<Channel> same = byNetwork.computeIfAbsent(network, n -> new LinkedHashSet<>());
            if (same.size() >= maxPerNetwork) {
                victim1 = oldest(same);
                forget(victim1);
            }
            if (byProgress.size() >= max) {
                victim2 = byProgress.keySet().iterator().next();
                forget(victim2);
            }
            byProgress.put(channel, network);
            same.add(channel);
        }
        evict(victim1);
        evict(victim2);
    }

    /** A whole message arrived on {@code channel}: it moves to the back of the eviction order. */
    public void progressed(Channel channel) {
        synchronized (this) {
            Network network = byProgress.get(channel);
            if (network != null) {
                LinkedHashSet<Channel> same = byNetwork.get(network);
                same.remove(channel);
                same.add(channel);
            }
        }
    }

    /** The connection closed (or was evicted); safe to call more than once. */
    public synchronized void remove(Channel channel) {
        forget(channel);
    }

    /** Connections in the table now. */
    public synchronized int size() {
        return byProgress.size();
    }

    private void forget(Channel channel) {
        Network network = byProgress.remove(channel);
        if (network != null) {
            Set<Channel> same = byNetwork.get(network);
            same.remove(channel);
            if (same.isEmpty()) {
                byNetwork.remove(network);
            }
        }
    }

    private static Channel oldest(LinkedHashSet<Channel> channels) {
        Iterator<Channel> it = channels.iterator();
        return it.next();
    }

    private void evict(Channel victim) {
        if (victim != null) {
            listener.evicted();
            victim.close();
        }
    }

    /** A source network: the first 3 bytes of an IPv4 address or the first 7 of an IPv6 one. */
    private record Network(byte[] prefix) {
        static Network of(SocketAddress address) {
            if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
                return new Network(new byte[0]);
            }
            InetAddress ip = inet.getAddress();
            byte[] bytes = ip.getAddress();
            return new Network(Arrays.copyOf(bytes, ip instanceof Inet4Address ? 3 : 7));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Network other && Arrays.equals(prefix, other.prefix);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(prefix);
        }

        @Override
        public String toString() {
            return Arrays.toString(prefix);
        }
    }
}
