package org.acmedelegate.dns;

/**
 * Finds the EDNS OPT record in a message that dnsjava could not parse (a truncated option, a bad record
 * elsewhere), by walking the record headers only, so that a FORMERR can still carry an OPT as RFC 6891
 * section 7 asks.
 */
final class RawOpt {
    private static final int OPT = 41;

    private RawOpt() {}

    /** The flags field of the first OPT in the additional section, or -1 when none can be read. */
    static int flags(byte[] wire) {
        if (wire.length < 12) {
            return -1;
        }
        int[] counts = new int[4];
        for (int i = 0; i < 4; i++) {
            counts[i] = ((wire[4 + 2 * i] & 0xFF) << 8) | (wire[5 + 2 * i] & 0xFF);
        }
        int at = 12;
        for (int q = 0; q < counts[0]; q++) {
            at = WireName.end(wire, at);
            if (at < 0) {
                return -1;
            }
            at += 4;
        }
        for (int section = 1; section <= 3; section++) {
            for (int r = 0; r < counts[section]; r++) {
                at = WireName.end(wire, at);
                if (at < 0 || at + 10 > wire.length) {
                    return -1;
                }
                int type = ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
                if (section == 3 && type == OPT) {
                    return ((wire[at + 6] & 0xFF) << 8) | (wire[at + 7] & 0xFF);
                }
                at += 10 + (((wire[at + 8] & 0xFF) << 8) | (wire[at + 9] & 0xFF));
            }
        }
        return -1;
    }
}
