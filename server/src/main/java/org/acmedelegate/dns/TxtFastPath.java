package org.acmedelegate.dns;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.acmedelegate.index.ChallengeLookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The reply bytes for the queries an ACME server gets most, straight from the wire bytes: TXT, class IN,
 * for a registered name with live values, and NXDOMAIN for a name one label below the apex that nobody
 * registered (TXT, A or AAAA); nothing else in the message except an optional plain OPT. Byte for byte
 * what {@link Responder} and {@link WireCodec} send (TxtFastPathTest checks that); for anything else, or
 * anything unusual, {@link #answer} returns null and the general path runs.
 */
final class TxtFastPath {
    private static final int A = 1;
    private static final int AAAA = 28;
    private static final int TXT = 16;
    private static final int IN = 1;
    private static final int OPT = 41;
    private static final int OPT_LENGTH = 11;

    private final Name apex;
    private final byte[] apexWire; // lower case
    private final int apexLabels;
    private final Set<String> staticLabels = new HashSet<>();
    private final ChallengeLookup challenges;
    private final long ttl;
    private final Responder responder;
    private final Set<String> soaLabels = new HashSet<>();
    // NXDOMAIN replies as the general path writes them, per first-label length and OPT presence: the SOA's
    // compression pointers depend only on where the apex sits in the question, so one reply fits all names.
    // Keyed by the SOA serial too: with a serial that follows the data, a template is only good for one.
    private final Map<Long, byte[]> nxTemplates = new ConcurrentHashMap<>();
    private final ServedZone zone;

    TxtFastPath(Responder responder) {
        ServedZone zone = responder.zone();
        this.zone = zone;
        this.apex = zone.apex();
        this.apexWire = apex.toWireCanonical();
        this.apexLabels = apex.labels();
        // Names of the config one label below the apex (owners and empty non-terminals) take the general path.
        for (Name n : zone.names()) {
            if (n.labels() == apexLabels + 1) {
                staticLabels.add(n.getLabelString(0).toLowerCase(Locale.ROOT));
            }
        }
        this.challenges = responder.challenges();
        this.ttl = responder.txtTtl();
        this.responder = responder;
        // A question name equal to an SOA name would change how the SOA is compressed.
        for (Name n : List.of(zone.soa().getHost(), zone.soa().getAdmin())) {
            if (n.labels() > 1) {
                soaLabels.add(n.getLabelString(0).toLowerCase(Locale.ROOT));
            }
        }
    }

    private byte[] nxdomain(byte[] q, int first, int questionEnd, boolean opt, int limit, String key) {
        if (soaLabels.contains(key)) {
            return null;
        }
        long serial = zone.soa().getSerial();
        if (nxTemplates.size() > 256) {
            nxTemplates.clear(); // templates of serials long gone
        }
        byte[] template = nxTemplates.computeIfAbsent((serial << 10) | (first * 2L + (opt ? 1 : 0)),
                k -> nxTemplate(q, first, questionEnd, opt));
        if (template.length == 0 || template.length > limit) {
            return null;
        }
        byte[] r = template.clone();
        System.arraycopy(q, 12, r, 12, questionEnd - 12); // the question as asked
        r[0] = q[0];
        r[1] = q[1];
        r[2] = (byte) (template[2] | (q[2] & 0x01)); // RD copied
        r[3] = (byte) (template[3] | (q[3] & 0x10)); // CD copied
        if (opt) {
            r[r.length - 4] = dnssecOk(q, questionEnd); // our OPT is last; its flags' high byte holds DO
        }
        return r;
    }

    // The general path's reply to the same question for a name made of 'x's; empty if that is not an NXDOMAIN.
    private byte[] nxTemplate(byte[] q, int first, int questionEnd, boolean opt) {
        byte[] synthetic = new byte[questionEnd + (opt ? OPT_LENGTH : 0)];
        System.arraycopy(q, 12, synthetic, 12, questionEnd - 12);
        for (int i = 0; i < first; i++) {
            synthetic[13 + i] = 'x';
        }
        synthetic[5] = 1;
        if (opt) {
            synthetic[11] = 1;
            synthetic[questionEnd + 2] = OPT;
            synthetic[questionEnd + 3] = (byte) (Responder.EDNS_PAYLOAD >>> 8);
            synthetic[questionEnd + 4] = (byte) Responder.EDNS_PAYLOAD;
        }
        try {
            Message reply = responder.respond(new Message(synthetic));
            byte[] wire = reply == null ? new byte[0] : WireCodec.encodeTcp(reply);
            return wire.length > 12 && (wire[3] & 0x0F) == 3 && (wire[2] & 0x01) == 0 && (wire[3] & 0x10) == 0
                    ? wire : new byte[0];
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    // The DO bit of the query's OPT (RFC 3225: copied into the reply), the only EDNS flag we echo.
    private static byte dnssecOk(byte[] q, int questionEnd) {
        return (byte) (q[questionEnd + 7] & 0x80);
    }

    /** The reply, or null when the general path must answer. {@code tcp}: no size limit below 65535. */
    byte[] answer(byte[] q, boolean tcp) {
        int n = q.length;
        if (n < 12 + 1 + 4
                || (q[2] & 0xFA) != 0            // QR, opcode, AA, TC clear (RD may be set)
                || (q[3] & 0x4F) != 0            // Z and RCODE clear (RA, AD, CD may be set)
                || q[4] != 0 || q[5] != 1        // one question
                || q[6] != 0 || q[7] != 0 || q[8] != 0 || q[9] != 0
                || q[10] != 0 || (q[11] & 0xFE) != 0) {
            return null;
        }
        boolean opt = q[11] == 1;
        // The question name: uncompressed labels; the first is the registration, the rest must be the apex.
        int first = q[12] & 0xFF;
        if (first == 0 || first > 63 || 13 + first >= n) {
            return null;
        }
        char[] label = new char[first];
        for (int i = 0; i < first; i++) {
            int c = q[13 + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return null;
            }
            label[i] = (char) c;
        }
        int at = 13 + first;
        if (at + apexWire.length + 4 > n || 1 + first + apexWire.length > 255) {
            return null;
        }
        for (int i = 0; i < apexWire.length; i++) {
            int c = q[at + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != (apexWire[i] & 0xFF)) {
                return null;
            }
        }
        // Same bytes as the canonical apex, so same labels, unless a length byte was matched as a character.
        at += apexWire.length;
        int qtype = ((q[at] & 0xFF) << 8) | (q[at + 1] & 0xFF);
        int qclass = ((q[at + 2] & 0xFF) << 8) | (q[at + 3] & 0xFF);
        int questionEnd = at + 4;
        if ((qtype != TXT && qtype != A && qtype != AAAA) || qclass != IN) {
            return null;
        }
        int limit = tcp ? WireCodec.TCP_MAX : WireCodec.UDP_MIN;
        if (opt) {
            // Only a plain OPT: root owner, version 0, no options. Anything else takes the general path.
            if (n != questionEnd + OPT_LENGTH || q[questionEnd] != 0
                    || q[questionEnd + 1] != 0 || q[questionEnd + 2] != OPT
                    || q[questionEnd + 6] != 0 || q[questionEnd + 9] != 0 || q[questionEnd + 10] != 0) {
                return null;
            }
            int payload = ((q[questionEnd + 3] & 0xFF) << 8) | (q[questionEnd + 4] & 0xFF);
            if (!tcp) {
                limit = Math.max(WireCodec.UDP_MIN, Math.min(WireCodec.UDP_MAX, payload));
            }
        } else if (n != questionEnd) {
            return null;
        }
        String key = new String(label);
        if (staticLabels.contains(key)) {
            return null;
        }
        List<String> values = challenges.txtValues(key, apex);
        if (values == null) {
            return nxdomain(q, first, questionEnd, opt, limit, key);
        }
        if (values.isEmpty() || qtype != TXT) {
            return null;
        }
        int size = questionEnd + (opt ? OPT_LENGTH : 0);
        for (String v : values) {
            if (v.length() > 255) {
                return null;
            }
            size += 2 + 10 + 1 + v.length();
        }
        if (size > limit) {
            return null;
        }
        byte[] r = new byte[size];
        System.arraycopy(q, 0, r, 0, questionEnd); // id, then the question exactly as asked
        r[2] = (byte) (0x80 | 0x04 | (q[2] & 0x01)); // QR, AA, RD copied; opcode QUERY
        r[3] = (byte) (q[3] & 0x10);                 // CD copied; RA clear; NOERROR
        r[6] = (byte) (values.size() >>> 8);
        r[7] = (byte) values.size();
        r[11] = (byte) (opt ? 1 : 0);
        int w = questionEnd;
        for (String v : values) {
            r[w++] = (byte) 0xC0; // owner: pointer to the question name
            r[w++] = 12;
            r[w++] = 0;
            r[w++] = TXT;
            r[w++] = 0;
            r[w++] = IN;
            r[w++] = (byte) (ttl >>> 24);
            r[w++] = (byte) (ttl >>> 16);
            r[w++] = (byte) (ttl >>> 8);
            r[w++] = (byte) ttl;
            int len = v.length();
            r[w++] = (byte) ((len + 1) >>> 8);
            r[w++] = (byte) (len + 1);
            r[w++] = (byte) len;
            for (int i = 0; i < len; i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c > 0x7E || c == '\\') {
                    return null; // dnsjava reads backslash escapes in TXT strings; leave those to it
                }
                r[w++] = (byte) c;
            }
        }
        if (opt) {
            // Our OPT: payload 1232, no extended rcode, version 0, DO as asked, no options.
            r[w + 1] = 0;
            r[w + 2] = OPT;
            r[w + 3] = (byte) (Responder.EDNS_PAYLOAD >>> 8);
            r[w + 4] = (byte) Responder.EDNS_PAYLOAD;
            r[w + 7] = dnssecOk(q, questionEnd);
        }
        return r;
    }
}
