package org.acmedelegate.index;

/**
 * A map key that stands for the lower-case String of a DNS label held in wire bytes, in any case, so the
 * index can be asked about a query's name without building a String. Only for
 * {@link java.util.concurrent.ConcurrentHashMap#get}, which hashes the key it is given and calls that key's
 * {@code equals} with its stored Strings (never the other way round). One per thread, reused.
 */
final class LabelProbe {
    private byte[] wire;
    private int from;
    private int length;
    private int hash;

    /** Points the probe at {@code wire[from, from + length)}. */
    LabelProbe set(byte[] wire, int from, int length) {
        this.wire = wire;
        this.from = from;
        this.length = length;
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + lower(wire[from + i]);
        }
        this.hash = h; // what String.hashCode gives for the lower-case label
        return this;
    }

    /** Lets go of the bytes, so a reused probe does not keep a query alive. */
    void clear() {
        wire = null;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof String s) || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != lower(wire[from + i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        int c = b & 0xFF;
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
