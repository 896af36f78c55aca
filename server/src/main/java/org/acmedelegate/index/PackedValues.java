package org.acmedelegate.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The format in which {@link ChallengeIndex} keeps one name's TXT values: one byte array, values newest
 * first, each as {@code updatedAt millis (8 bytes), length (2 bytes), ASCII text}. The DNS fast path walks
 * it in place ({@link #next}, {@link #isLive}, {@link #textStart}, {@link #length}), so an answer copies the
 * text straight into the reply without a String or a list per query.
 */
public final class PackedValues {
    /** A registered name without values. */
    public static final byte[] NONE = new byte[0];

    private static final int HEADER = Long.BYTES + Short.BYTES;

    private PackedValues() {}

    /** Packs {@code values} (in the order given) with their update times. */
    public static byte[] encode(List<byte[]> values, long[] times) {
        if (values.isEmpty()) {
            return NONE;
        }
        int size = 0;
        for (byte[] v : values) {
            size += HEADER + v.length;
        }
        byte[] packed = new byte[size];
        int at = 0;
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            if (v.length > 0xFFFF) {
                throw new IllegalArgumentException("TXT value longer than 65535 bytes");
            }
            for (int b = 0; b < Long.BYTES; b++) {
                packed[at + b] = (byte) (times[i] >>> (56 - 8 * b));
            }
            packed[at + 8] = (byte) (v.length >>> 8);
            packed[at + 9] = (byte) v.length;
            System.arraycopy(v, 0, packed, at + HEADER, v.length);
            at += HEADER + v.length;
        }
        return packed;
    }

    /** The values updated after {@code oldestLiveMillis} as Strings, newest first; null for null. */
    public static List<String> live(byte[] packed, long oldestLiveMillis) {
        if (packed == null) {
            return null;
        }
        if (packed.length == 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(2);
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            if (isLive(packed, at, oldestLiveMillis)) {
                values.add(new String(packed, textStart(at), length(packed, at), StandardCharsets.US_ASCII));
            }
        }
        return values;
    }

    /** The update time of the value at {@code at}, in epoch milliseconds. */
    public static long time(byte[] packed, int at) {
        long t = 0;
        for (int b = 0; b < Long.BYTES; b++) {
            t = (t << 8) | (packed[at + b] & 0xFF);
        }
        return t;
    }

    /** Whether the value at {@code at} was updated after {@code oldestLiveMillis}. */
    public static boolean isLive(byte[] packed, int at, long oldestLiveMillis) {
        return time(packed, at) > oldestLiveMillis;
    }

    /** The length in bytes of the value at {@code at}. */
    public static int length(byte[] packed, int at) {
        return ((packed[at + 8] & 0xFF) << 8) | (packed[at + 9] & 0xFF);
    }

    /** Where the text of the value at {@code at} begins. */
    public static int textStart(int at) {
        return at + HEADER;
    }

    /** Where the value after the one at {@code at} begins ({@code packed.length} after the last). */
    public static int next(byte[] packed, int at) {
        return at + HEADER + length(packed, at);
    }
}
