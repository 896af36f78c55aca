package org.acmedelegate.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.acmedelegate.config.RrlConfig;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * DNS response-rate limiting for UDP, after BIND's RRL: answers are counted per source network
 * (an IPv4 /24 or IPv6 /56 by default) and per kind of response (answers for one name, or errors),
 * in a credit bucket that gains {@code rate} per second up to {@code rate x window}. Past that, every
 * {@code slip}-th answer is sent truncated so a real resolver retries over TCP (never limited) and
 * the others are dropped. The table is a fixed array indexed by hash: a collision simply starts a
 * fresh bucket, so memory stays bounded under any flood and nothing is allocated per query for IPv4.
 */
public final class ResponseRateLimiter {
    /** What to do with one UDP answer. */
    public enum Verdict {
        SEND,
        SLIP,
        DROP
    }

    private static final int SLOTS = 1 << 14;
    private static final int STRIPES = 64;

    private final RrlConfig config;
    private final Clock clock;
    private final int v4Mask;
    private final long[] keys = new long[SLOTS];
    private final int[] credits = new int[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private final int[] limited = new int[SLOTS];
    private final Object[] stripes = new Object[STRIPES];
    private static final byte[] ROOT = {0};

    public ResponseRateLimiter(RrlConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.v4Mask = config.ipv4PrefixLength() == 0 ? 0 : -1 << (32 - config.ipv4PrefixLength());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Decides for the answer {@code reply} to {@code sender}, and counts it. */
    public Verdict judge(InetSocketAddress sender, Message reply) {
        Record question = reply.getQuestion();
        byte[] name = question == null ? ROOT : question.getName().toWireCanonical();
        return judge(sender, reply.getRcode(), name, 0, name.length, question == null ? -1 : question.getType());
    }

    /**
     * Decides for an answer known by its {@code rcode} and question (the uncompressed name in
     * {@code wire[nameFrom, nameFrom + nameLength)}, in any case, and {@code qtype}), and counts it: what
     * the UDP fast path asks before a reply is sent, without a parsed message.
     */
    public Verdict judge(InetSocketAddress sender, int rcode, byte[] wire, int nameFrom, int nameLength, int qtype) {
        long network = network(sender.getAddress());
        boolean error = rcode != Rcode.NOERROR;
        // Answers count per name and type (case-insensitively, so case-randomised queries count as one
        // name); errors count together, so a random-subdomain flood is one bucket per network.
        long kind = error ? 0x9e3779b97f4a7c15L : nameHash(wire, nameFrom, nameLength) * 31L + qtype + 2;
        long key = mix(network * 0x100000001b3L ^ kind);
        if (key == 0) {
            key = 1;
        }
        int slot = (int) (key & (SLOTS - 1));
        int rate = error ? config.errorsPerSecond() : config.responsesPerSecond();
        int max = (int) Math.min(Integer.MAX_VALUE, (long) rate * config.window());
        long now = clock.millis() / 1000;
        synchronized (stripes[slot & (STRIPES - 1)]) {
            if (keys[slot] != key) {
                keys[slot] = key;
                credits[slot] = max;
                seconds[slot] = now;
                limited[slot] = 0;
            } else if (now > seconds[slot]) {
                long refill = (now - seconds[slot]) * rate;
                credits[slot] = (int) Math.min(max, credits[slot] + refill);
                seconds[slot] = now;
            }
            if (credits[slot] > 0) {
                credits[slot]--;
                return Verdict.SEND;
            }
            int n = ++limited[slot];
            return config.slip() > 0 && n % config.slip() == 0 ? Verdict.SLIP : Verdict.DROP;
        }
    }

    /** The truncated form of an answer: header and question, TC set, so the resolver asks again over TCP. */
    public static Message truncated(Message reply) {
        Message slip = new Message(reply.getHeader().getID());
        slip.getHeader().setFlag(Flags.QR);
        if (reply.getHeader().getFlag(Flags.AA)) {
            slip.getHeader().setFlag(Flags.AA);
        }
        slip.getHeader().setFlag(Flags.TC);
        slip.getHeader().setRcode(reply.getRcode());
        if (reply.getQuestion() != null) {
            slip.addRecord(reply.getQuestion(), Section.QUESTION);
        }
        return slip;
    }

    // FNV-1a over the name's bytes in lower case.
    private static long nameHash(byte[] wire, int from, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < from + length; i++) {
            int c = wire[i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = (h ^ c) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Turns the UDP reply in {@code reply}, whose header and question (as asked, ending at {@code questionEnd})
     * are in place, into its truncated form in place, the same bytes as {@link #truncated} of the reply
     * encoded; returns the new length.
     */
    static int truncateInPlace(byte[] reply, int questionEnd) {
        reply[2] = (byte) (0x80 | (reply[2] & 0x04) | 0x02); // QR, AA kept, TC; opcode QUERY, RD clear
        reply[3] = (byte) (reply[3] & 0x0F); // the rcode, RA/AD/CD clear
        reply[4] = 0;
        reply[5] = 1;
        for (int i = 6; i < 12; i++) {
            reply[i] = 0;
        }
        return questionEnd;
    }

    private long network(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            // Inet4Address.hashCode is the address as an int: no allocation.
            return (v4.hashCode() & v4Mask) & 0xffffffffL;
        }
        byte[] bytes = address.getAddress();
        int bits = config.ipv6PrefixLength();
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            int b = bytes[i] & (0xff << (8 - keep)) & 0xff;
            if (i < 8) {
                hi = (hi << 8) | b;
            } else {
                lo = (lo << 8) | b;
            }
        }
        return mix(hi) ^ lo ^ 0x6a09e667f3bcc908L;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
