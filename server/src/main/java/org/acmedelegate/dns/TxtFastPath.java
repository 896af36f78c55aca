package org.acmedelegate.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.acmedelegate.index.ChallengeLookup;
import org.acmedelegate.index.PackedValues;
import org.xbill.DNS.Name;

/**
 * The reply bytes for the queries an ACME server gets most, straight from the wire bytes: TXT, class IN,
 * for a registered name with live values, and NXDOMAIN for a name one label below the apex that nobody
 * registered (TXT, A or AAAA); nothing else in the message except an optional plain OPT. Byte for byte
 * what {@link Responder} and {@link WireCodec} send (TxtFastPathDifferentialTest checks that on generated
 * queries); for anything else, or anything unusual, {@link #answer} declines and the general path runs.
 * Allocates nothing per answer: the name is looked up by its bytes and the values are copied from the index.
 */
final class TxtFastPath {
    private static final int A = 1;
    private static final int AAAA = 28;
    private static final int TXT = 16;
    private static final int IN = 1;
    static final int OPT = 41;
    static final int OPT_LENGTH = 11;

    /** What {@link #answer} returns when the general path must answer. */
    static final int DECLINE = -1;

    private final Name apex;
    private final byte[] apexWire; // lower case
    private final int apexLabels;
    // Labels one below the apex that the config defines (owners, empty non-terminals): the general path.
    private final byte[][] staticLabels;
    private final ChallengeLookup challenges;
    private final long ttl;
    private final NxdomainTemplates nxdomain;

    TxtFastPath(Responder responder) {
        ServedZone zone = responder.zone();
        this.apex = zone.apex();
        this.apexWire = apex.toWireCanonical();
        this.apexLabels = apex.labels();
        List<Name> below = new ArrayList<>();
        for (Name n : zone.names()) {
            if (n.labels() == apexLabels + 1) {
                below.add(n);
            }
        }
        this.staticLabels = firstLabels(below);
        this.challenges = responder.challenges();
        this.ttl = responder.txtTtl();
        this.nxdomain = new NxdomainTemplates(responder);
    }

    /** The first labels (lower case) of those of {@code names} that have more than one label. */
    static byte[][] firstLabels(List<Name> names) {
        List<byte[]> labels = new ArrayList<>();
        for (Name n : names) {
            if (n.labels() > 1) {
                labels.add(n.getLabelString(0).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return labels.toArray(new byte[0][]);
    }

    /** Whether the label {@code q[from, from + length)}, in any case, is one of the lower-case {@code labels}. */
    static boolean isOneOf(byte[][] labels, byte[] q, int from, int length) {
        for (byte[] label : labels) {
            if (label.length == length && sameIgnoringCase(label, q, from)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIgnoringCase(byte[] lower, byte[] q, int from) {
        for (int i = 0; i < lower.length; i++) {
            int c = q[from + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != (lower[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** The DO bit of the query's OPT (RFC 3225: copied into the reply), the only EDNS flag we echo. */
    static byte dnssecOk(byte[] q, int questionEnd) {
        return (byte) (q[questionEnd + 7] & 0x80);
    }

    /**
     * Writes the reply to the query {@code q[0, n)} into {@code out} and returns its length, or returns
     * {@link #DECLINE} (having written nothing that counts) when the general path must answer.
     * {@code tcp}: no size limit below 65535 (or {@code out.length}).
     */
    int answer(byte[] q, int n, boolean tcp, byte[] out) {
        if (n < 12 + 1 + 4
                || (q[2] & 0xFA) != 0 // QR, opcode, AA, TC clear (RD may be set)
                || (q[3] & 0x4F) != 0 // Z and RCODE clear (RA, AD, CD may be set)
                || q[4] != 0
                || q[5] != 1 // one question
                || q[6] != 0
                || q[7] != 0
                || q[8] != 0
                || q[9] != 0
                || q[10] != 0
                || (q[11] & 0xFE) != 0) {
            return DECLINE;
        }
        boolean opt = q[11] == 1;
        // The question name: uncompressed labels; the first is the registration, the rest must be the apex.
        int first = q[12] & 0xFF;
        if (first == 0 || first > 63 || 13 + first >= n) {
            return DECLINE;
        }
        for (int i = 0; i < first; i++) {
            int c = q[13 + i] & 0xFF;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return DECLINE;
            }
        }
        int at = 13 + first;
        if (at + apexWire.length + 4 > n || 1 + first + apexWire.length > 255) {
            return DECLINE;
        }
        // Same bytes as the canonical apex, so same labels, unless a length byte was matched as a character.
        if (!sameIgnoringCase(apexWire, q, at)) {
            return DECLINE;
        }
        at += apexWire.length;
        int qtype = ((q[at] & 0xFF) << 8) | (q[at + 1] & 0xFF);
        int qclass = ((q[at + 2] & 0xFF) << 8) | (q[at + 3] & 0xFF);
        int questionEnd = at + 4;
        if ((qtype != TXT && qtype != A && qtype != AAAA) || qclass != IN) {
            return DECLINE;
        }
        int limit = tcp ? WireCodec.TCP_MAX : WireCodec.UDP_MIN;
        if (opt) {
            // Only a plain OPT: root owner, version 0, no options. Anything else takes the general path.
            if (n != questionEnd + OPT_LENGTH
                    || q[questionEnd] != 0
                    || q[questionEnd + 1] != 0
                    || q[questionEnd + 2] != OPT
                    || q[questionEnd + 6] != 0
                    || q[questionEnd + 9] != 0
                    || q[questionEnd + 10] != 0) {
                return DECLINE;
            }
            int payload = ((q[questionEnd + 3] & 0xFF) << 8) | (q[questionEnd + 4] & 0xFF);
            if (!tcp) {
                limit = Math.max(WireCodec.UDP_MIN, Math.min(WireCodec.UDP_MAX, payload));
            }
        } else if (n != questionEnd) {
            return DECLINE;
        }
        limit = Math.min(limit, out.length);
        if (isOneOf(staticLabels, q, 13, first)) {
            return DECLINE;
        }
        byte[] packed = challenges.packedValues(q, 13, first, apex);
        if (packed == null) {
            return nxdomain.write(q, first, questionEnd, opt, limit, out);
        }
        if (qtype != TXT) {
            return DECLINE;
        }
        return txt(q, questionEnd, opt, limit, packed, out);
    }

    // The TXT answer: one record per live value, each a single character-string, owner a pointer to the question.
    private int txt(byte[] q, int questionEnd, boolean opt, int limit, byte[] packed, byte[] out) {
        long oldestLive = challenges.oldestLiveMillis();
        int count = 0;
        int size = questionEnd + (opt ? OPT_LENGTH : 0);
        for (int v = 0; v < packed.length; v = PackedValues.next(packed, v)) {
            if (PackedValues.isLive(packed, v, oldestLive)) {
                int len = PackedValues.length(packed, v);
                if (len > 255) {
                    return DECLINE;
                }
                count++;
                size += 2 + 10 + 1 + len;
            }
        }
        if (count == 0 || size > limit) {
            return DECLINE; // NODATA (registered, no live values) or too big: the general path
        }
        System.arraycopy(q, 0, out, 0, questionEnd); // id, then the question exactly as asked
        out[2] = (byte) (0x80 | 0x04 | (q[2] & 0x01)); // QR, AA, RD copied; opcode QUERY
        out[3] = (byte) (q[3] & 0x10); // CD copied; RA clear; NOERROR
        out[6] = (byte) (count >>> 8);
        out[7] = (byte) count;
        out[8] = 0;
        out[9] = 0;
        out[10] = 0;
        out[11] = (byte) (opt ? 1 : 0);
        int w = questionEnd;
        for (int v = 0; v < packed.length; v = PackedValues.next(packed, v)) {
            if (!PackedValues.isLive(packed, v, oldestLive)) {
                continue;
            }
            int len = PackedValues.length(packed, v);
            out[w++] = (byte) 0xC0; // owner: pointer to the question name
            out[w++] = 12;
            out[w++] = 0;
            out[w++] = TXT;
            out[w++] = 0;
            out[w++] = IN;
            out[w++] = (byte) (ttl >>> 24);
            out[w++] = (byte) (ttl >>> 16);
            out[w++] = (byte) (ttl >>> 8);
            out[w++] = (byte) ttl;
            out[w++] = (byte) ((len + 1) >>> 8);
            out[w++] = (byte) (len + 1);
            out[w++] = (byte) len;
            int text = PackedValues.textStart(v);
            for (int i = 0; i < len; i++) {
                byte c = packed[text + i];
                if (c < 0x20 || c > 0x7E || c == '\\') {
                    return DECLINE; // dnsjava reads backslash escapes in TXT strings; leave those to it
                }
                out[w++] = c;
            }
        }
        if (opt) {
            // Our OPT: payload 1232, no extended rcode, version 0, DO as asked, no options.
            out[w] = 0;
            out[w + 1] = 0;
            out[w + 2] = OPT;
            out[w + 3] = (byte) (Responder.EDNS_PAYLOAD >>> 8);
            out[w + 4] = (byte) Responder.EDNS_PAYLOAD;
            out[w + 5] = 0;
            out[w + 6] = 0;
            out[w + 7] = dnssecOk(q, questionEnd);
            out[w + 8] = 0;
            out[w + 9] = 0;
            out[w + 10] = 0;
            w += OPT_LENGTH;
        }
        return w;
    }
}
