package org.acmedelegate.dns;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One UDP datagram's way through {@link WireResponder}, with the arrays of one receive loop reused for every
 * datagram: the query is copied out of the receive buffer, answered into a reused array and copied into the
 * send buffer, so the common answers allocate nothing. An UPDATE is handed to its worker as over TCP and
 * its reply sent later through {@link LateReplies}. Opens no socket ({@link UdpReceiveLoop} owns those);
 * one instance per thread.
 */
final class UdpExchange {
    /** Sends a reply that is ready only later (an UPDATE's), from another thread. */
    @FunctionalInterface
    interface LateReplies {
        void send(byte[] reply, InetSocketAddress recipient);
    }

    private final WireResponder responder;
    private final byte[] query = new byte[WireCodec.TCP_MAX];
    private final byte[] reply = new byte[WireCodec.TCP_MAX];

    UdpExchange(WireResponder responder) {
        this.responder = responder;
    }

    /**
     * Answers the datagram that a receive left in {@code in} (from 0 to its position) from {@code sender}:
     * true with the reply in {@code out} (from its position to its limit) when one is to be sent now, false
     * when none is (dropped, rate-limited, or an UPDATE answered later through {@code later}).
     */
    boolean answer(ByteBuffer in, InetSocketAddress sender, ByteBuffer out, LateReplies later) {
        // Port 0 cannot be sent to: only a forged source has it.
        if (sender.getPort() == 0) {
            return false;
        }
        int length = Math.min(in.position(), query.length);
        in.get(0, query, 0, length);
        if (responder.defers(query, length)) {
            responder.update(Arrays.copyOf(query, length), sender, false, r -> later.send(r, sender));
            return false;
        }
        int n = responder.answerUdp(query, length, sender, reply);
        if (n < 0) {
            return false;
        }
        out.clear();
        out.put(reply, 0, n).flip();
        return true;
    }
}
