package org.acmedelegate.dns;

/**
 * Where a name in DNS wire form ends, found without decoding it: for the code that reads a message's
 * sections raw (the EDNS size, a refusal built from the header) instead of parsing the whole message.
 */
public final class WireName {
    private WireName() {}

    /**
     * The offset after the name at {@code at}: its labels, then a zero byte or a compression pointer; -1 when it
     * runs past the end or holds a label type other than these.
     */
    public static int end(byte[] wire, int at) {
        return end(wire, at, true);
    }

    /** As {@link #end}, but a compression pointer also makes it -1: for a name that must be whole here. */
    public static int endUncompressed(byte[] wire, int at) {
        return end(wire, at, false);
    }

    private static int end(byte[] wire, int at, boolean pointerAllowed) {
        while (at >= 0 && at < wire.length) {
            int len = wire[at] & 0xFF;
            if (len == 0) {
                return at + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return pointerAllowed && at + 2 <= wire.length ? at + 2 : -1;
            }
            if ((len & 0xC0) != 0) {
                return -1;
            }
            at += len + 1;
        }
        return -1;
    }
}
