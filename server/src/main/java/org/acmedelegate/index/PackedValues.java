package org.acmedelegate.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The packed form of one name's values in {@link ChallengeIndex}: newest first, each as {@code updatedAt
 * millis (8 bytes), length (2 bytes), ASCII text}, so a million names take one array each.
 */
final class PackedValues {
    static final byte[] NO_VALUES = new byte[0];
    static final int HEADER = Long.BYTES + Short.BYTES;

    private PackedValues() {
    }

    static List<String> stored(byte[] packed) {
        if (packed == null || packed.length == 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(2);
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            values.add(new String(packed, at + HEADER, length(packed, at), StandardCharsets.US_ASCII));
        }
        return values;
    }

    static byte[] encode(List<byte[]> values, long[] times) {
        if (values.isEmpty()) {
            return NO_VALUES;
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

    static long time(byte[] packed, int at) {
        long t = 0;
        for (int b = 0; b < Long.BYTES; b++) {
            t = (t << 8) | (packed[at + b] & 0xFF);
        }
        return t;
    }

    static int length(byte[] packed, int at) {
        return ((packed[at + 8] & 0xFF) << 8) | (packed[at + 9] & 0xFF);
    }

    static int next(byte[] packed, int at) {
        return at + HEADER + length(packed, at);
    }

    static boolean hasExpired(byte[] packed, long oldestLiveMillis) {
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            if (time(packed, at) <= oldestLiveMillis) {
                return true;
            }
        }
        return false;
    }

    static byte[] live(byte[] packed, long oldestLiveMillis) {
        List<byte[]> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int at = 0; at < packed.length; at = next(packed, at)) {
            if (time(packed, at) > oldestLiveMillis) {
                byte[] v = new byte[length(packed, at)];
                System.arraycopy(packed, at + HEADER, v, 0, v.length);
                values.add(v);
                times.add(time(packed, at));
            }
        }
        return encode(values, times.stream().mapToLong(Long::longValue).toArray());
    }
}
