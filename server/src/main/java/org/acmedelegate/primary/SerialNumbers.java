package org.acmedelegate.primary;

/** SOA serial arithmetic (RFC 1982, SERIAL_BITS = 32): serials are compared on a circle of 2^32. */
public final class SerialNumbers {
    private static final long MOD = 1L << 32;
    private static final long HALF = 1L << 31;

    private SerialNumbers() {}

    /** The serial of a journal position: its low 32 bits. */
    public static long of(long position) {
        return position & (MOD - 1);
    }

    /**
     * How far {@code later} is ahead of {@code earlier}: in [0, 2^31) when it is ahead or equal; negative when it
     * is behind, and also when the two are exactly 2^31 apart (RFC 1982: undefined).
     */
    public static long distance(long earlier, long later) {
        long d = (of(later) - of(earlier)) & (MOD - 1);
        return d < HALF ? d : d - MOD;
    }

    /** True when {@code a} is after {@code b} in serial arithmetic. */
    public static boolean isAfter(long a, long b) {
        return distance(b, a) > 0;
    }
}
