package org.acmedelegate.dns;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.Message;

/**
 * The fast path's NXDOMAIN replies: made once by the general path for a made-up name, then copied with the
 * query's id, flags and question. One per first-label length and OPT presence: the SOA's compression
 * pointers depend only on where the apex sits in the question, so one reply fits every name of that shape.
 * Each holds the SOA serial it was made with: with a serial that follows the data, one is good for one.
 */
final class NxdomainTemplates {
    private final Responder responder;
    private final ServedZone zone;
    // A question name equal to an SOA name would change how the SOA is compressed: the general path.
    private final byte[][] soaLabels;
    private final Template[] templates = new Template[64 * 2];

    private record Template(long serial, byte[] wire) {}

    NxdomainTemplates(Responder responder) {
        this.responder = responder;
        this.zone = responder.zone();
        this.soaLabels =
                TxtFastPath.firstLabels(List.of(zone.soa().getHost(), zone.soa().getAdmin()));
    }

    /**
     * Writes the NXDOMAIN reply for the query {@code q} (first label {@code first} bytes long, question ending at
     * {@code questionEnd}, with or without a plain OPT) into {@code out}: its length, or
     * {@link TxtFastPath#DECLINE} when the general path must answer.
     */
    int write(byte[] q, int first, int questionEnd, boolean opt, int limit, byte[] out) {
        if (TxtFastPath.isOneOf(soaLabels, q, 13, first)) {
            return TxtFastPath.DECLINE;
        }
        long serial = zone.soa().getSerial();
        int slot = (first - 1) * 2 + (opt ? 1 : 0);
        Template template = templates[slot];
        if (template == null || template.serial() != serial) {
            // Two threads may both build it; either result is the same, and the record's fields are final.
            template = new Template(serial, make(q, first, questionEnd, opt));
            templates[slot] = template;
        }
        byte[] t = template.wire();
        if (t.length == 0 || t.length > limit) {
            return TxtFastPath.DECLINE;
        }
        System.arraycopy(t, 0, out, 0, t.length);
        System.arraycopy(q, 12, out, 12, questionEnd - 12); // the question as asked
        out[0] = q[0];
        out[1] = q[1];
        out[2] = (byte) (t[2] | (q[2] & 0x01)); // RD copied
        out[3] = (byte) (t[3] | (q[3] & 0x10)); // CD copied
        if (opt) {
            // Our OPT is last; the high byte of its flags holds DO.
            out[t.length - 4] = TxtFastPath.dnssecOk(q, questionEnd);
        }
        return t.length;
    }

    // The general path's reply to the same question for a name made of 'x's; empty if that is not an NXDOMAIN.
    private byte[] make(byte[] q, int first, int questionEnd, boolean opt) {
        byte[] synthetic = new byte[questionEnd + (opt ? TxtFastPath.OPT_LENGTH : 0)];
        System.arraycopy(q, 12, synthetic, 12, questionEnd - 12);
        for (int i = 0; i < first; i++) {
            synthetic[13 + i] = 'x';
        }
        synthetic[5] = 1;
        if (opt) {
            synthetic[11] = 1;
            synthetic[questionEnd + 2] = TxtFastPath.OPT;
            synthetic[questionEnd + 3] = (byte) (Responder.EDNS_PAYLOAD >>> 8);
            synthetic[questionEnd + 4] = (byte) Responder.EDNS_PAYLOAD;
        }
        try {
            Message reply = responder.respond(new Message(synthetic));
            byte[] wire = reply == null ? new byte[0] : WireCodec.encodeTcp(reply);
            return wire.length > 12 && (wire[3] & 0x0F) == 3 && (wire[2] & 0x01) == 0 && (wire[3] & 0x10) == 0
                    ? wire
                    : new byte[0];
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }
}
