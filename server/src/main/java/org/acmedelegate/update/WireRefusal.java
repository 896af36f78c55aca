package org.acmedelegate.update;

import org.acmedelegate.dns.WireName;
import org.xbill.DNS.Rcode;

/**
 * A REFUSED reply to an UPDATE built from its bytes alone: the header's id and opcode and the zone
 * section, without parsing the rest. What a source past the failed-login limit gets, so a flood from it
 * costs a copy of a few bytes instead of a parse.
 */
final class WireRefusal {
    private static final int HEADER = 12;
    private static final int QR_AND_UPDATE = 0x80 | (5 << 3);

    private WireRefusal() {}

    /** The REFUSED reply to {@code update} (an UPDATE's wire form, at least a header long). */
    static byte[] refused(byte[] update) {
        int zoneEnd = oneZoneEnd(update);
        int length = zoneEnd < 0 ? HEADER : zoneEnd;
        byte[] reply = new byte[length];
        System.arraycopy(update, 0, reply, 0, length);
        reply[2] = (byte) QR_AND_UPDATE;
        reply[3] = (byte) Rcode.REFUSED;
        reply[4] = 0;
        reply[5] = (byte) (zoneEnd < 0 ? 0 : 1);
        for (int i = 6; i < HEADER; i++) {
            reply[i] = 0;
        }
        return reply;
    }

    // The offset after the zone section when it holds exactly one uncompressed name and its type and
    // class, else -1 (the reply then carries no zone section).
    private static int oneZoneEnd(byte[] wire) {
        if (wire.length < HEADER || wire[4] != 0 || wire[5] != 1) {
            return -1;
        }
        int nameEnd = WireName.endUncompressed(wire, HEADER);
        return nameEnd >= 0 && nameEnd + 4 <= wire.length ? nameEnd + 4 : -1;
    }
}
