package org.acmedelegate.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * DNS wire bytes to {@link Message} and back, with the checks dnsjava's parser skips (trailing bytes,
 * section counts, one question, one OPT) and the size limits of each transport: UDP replies fit the
 * client's EDNS payload clamped to [512, 1232] (512 without EDNS) and are truncated by whole RRsets
 * with TC set; TCP replies are never truncated below 65535 bytes.
 */
public final class WireCodec {
    public static final int UDP_MIN = 512;
    public static final int UDP_MAX = Responder.EDNS_PAYLOAD;
    public static final int TCP_MAX = 65535;
    private static final Logger LOG = LoggerFactory.getLogger(WireCodec.class);

    private WireCodec() {}

    /**
     * The outcome of decoding: a {@code query} to answer, or a {@code reply} to send as is (FORMERR),
     * or neither when nothing must be sent.
     */
    public record Decoded(Message query, Message reply) {
        static final Decoded DROP = new Decoded(null, null);
    }

    /** Decodes one message; never throws. */
    public static Decoded decode(byte[] wire) {
        if (wire.length < Header.LENGTH) {
            LOG.debug("dropped a {}-byte message shorter than a DNS header", wire.length);
            return Decoded.DROP;
        }
        if ((wire[2] & 0x80) != 0) {
            LOG.debug("dropped a response (QR=1) sent to us as a query");
            return Decoded.DROP;
        }
        int opcode = (wire[2] >> 3) & 0xF;
        if (opcode != Opcode.QUERY) {
            // RFC 8906 3.1.4: an opcode we do not implement is NOTIMP whatever follows the header.
            try {
                Message message = new Message(wire);
                // A message dnsjava read only in part (TC set) is as unreadable as one it threw on.
                if (shortSection(message) == null) {
                    return new Decoded(message, null);
                }
            } catch (Exception e) {
                // below
            }
            return new Decoded(null, headerReply(wire, Rcode.NOTIMP));
        }
        String problem;
        try {
            Message message = new Message(wire);
            problem = problem(message, wire.length);
            if (problem == null) {
                return new Decoded(message, null);
            }
        } catch (Exception e) {
            // WireParseException mostly, but dnsjava also throws unchecked exceptions on bad RDATA.
            problem = e.toString();
        }
        LOG.debug("FORMERR for a {}-byte message: {}", wire.length, problem);
        return new Decoded(null, headerReply(wire, Rcode.FORMERR));
    }

    /** The UDP reply bytes: limited to what the query says the client can take, truncated with TC. */
    public static byte[] encodeUdp(Message reply, Message query) {
        return reply.toWire(udpLimit(query));
    }

    /** The TCP reply bytes (without the 2-byte length prefix). */
    public static byte[] encodeTcp(Message reply) {
        return reply.toWire(TCP_MAX);
    }

    static int udpLimit(Message query) {
        OPTRecord opt = query == null ? null : query.getOPT();
        if (opt == null) {
            return UDP_MIN;
        }
        return Math.max(UDP_MIN, Math.min(UDP_MAX, opt.getPayloadSize()));
    }

    private static String problem(Message message, int length) {
        if (message.numBytes() != length) {
            return (length - message.numBytes()) + " trailing bytes";
        }
        String shortSection = shortSection(message);
        return shortSection != null ? shortSection : Responder.malformation(message);
    }

    // With TC set in a query dnsjava stops at a parse error and keeps what it read; counts tell.
    private static String shortSection(Message message) {
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            if (message.getSection(section).size() != message.getHeader().getCount(section)) {
                return "section " + Section.string(section) + " shorter than its count";
            }
        }
        return null;
    }

    /**
     * A reply built from the raw header only: same id and opcode, RD copied, QR set, no question; and an OPT
     * of ours (DO copied) when the query's additional section holds one whose fixed part is readable, even
     * if its options are not (RFC 6891 section 7).
     */
    static Message headerReply(byte[] wire, int rcode) {
        int id = ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
        int flags = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
        Message reply = new Message(id);
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode((flags >> 11) & 0xF);
        if ((flags & 0x0100) != 0) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(rcode);
        int optFlags = RawOpt.flags(wire);
        if (optFlags >= 0) {
            reply.addRecord(
                    new OPTRecord(Responder.EDNS_PAYLOAD, 0, 0, optFlags & ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return reply;
    }
}
