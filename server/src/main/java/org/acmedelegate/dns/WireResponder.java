package org.acmedelegate.dns;

import org.xbill.DNS.Message;

/**
 * Wire bytes in, wire bytes out: {@link WireCodec} around a {@link Responder}. What the Netty handlers
 * call; pure and thread-safe, so it runs on the event loop.
 */
public final class WireResponder {
    private final Responder responder;
    private final TxtFastPath fast;

    public WireResponder(Responder responder) {
        this.responder = responder;
        this.fast = new TxtFastPath(responder);
    }

    /** The reply to a UDP datagram, or null when none must be sent. */
    public byte[] answerUdp(byte[] wire) {
        byte[] quick = quick(wire, false);
        if (quick != null) {
            return quick;
        }
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            return WireCodec.encodeUdp(decoded.reply(), null);
        }
        Message reply = decoded.query() == null ? null : responder.respond(decoded.query());
        return reply == null ? null : WireCodec.encodeUdp(reply, decoded.query());
    }

    /** The reply to one TCP message (without length prefix), or null when none must be sent. */
    public byte[] answerTcp(byte[] wire) {
        byte[] quick = quick(wire, true);
        if (quick != null) {
            return quick;
        }
        WireCodec.Decoded decoded = WireCodec.decode(wire);
        if (decoded.reply() != null) {
            return WireCodec.encodeTcp(decoded.reply());
        }
        Message reply = decoded.query() == null ? null : responder.respond(decoded.query());
        return reply == null ? null : WireCodec.encodeTcp(reply);
    }

    // The common TXT answer without dnsjava; any surprise (even a failing lookup) leaves it to the general path.
    private byte[] quick(byte[] wire, boolean tcp) {
        try {
            return fast.answer(wire, tcp);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
