package org.acmedelegate.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * What the DNS responder reads: the registered names of the zone and their live TXT values. Reads are
 * lock-free, never touch the database and are safe from any thread.
 */
public interface ChallengeLookup {

    /**
     * The live TXT values at {@code name} (matched case-insensitively), newest first; an empty list for
     * a registered name without values; {@code null} when no subdomain is registered at that name.
     */
    List<String> txtValues(Name name);

    /**
     * For the DNS fast path: the values of {@code <label>.<zone>}, where the label is the bytes
     * {@code wire[from, from + length)} (letters, digits and hyphens, any case), in the {@link PackedValues}
     * format, expired values included (skip those not {@link PackedValues#isLive} after
     * {@link #oldestLiveMillis()}); {@code null} when no subdomain is registered there. The index answers
     * without allocating; this default goes through {@link #txtValues(Name)}.
     */
    default byte[] packedValues(byte[] wire, int from, int length, Name zone) {
        List<String> values;
        try {
            String label = new String(wire, from, length, StandardCharsets.US_ASCII);
            values = txtValues(Name.concatenate(Name.fromString(label), zone));
        } catch (TextParseException | NameTooLongException e) {
            return null;
        }
        if (values == null) {
            return null;
        }
        List<byte[]> bytes = new ArrayList<>(values.size());
        values.forEach(v -> bytes.add(v.getBytes(StandardCharsets.ISO_8859_1)));
        long[] times = new long[values.size()];
        java.util.Arrays.fill(times, Long.MAX_VALUE);
        return PackedValues.encode(bytes, times);
    }

    /** Values updated at or before this time (epoch milliseconds) have expired; read once per answer. */
    default long oldestLiveMillis() {
        return Long.MIN_VALUE;
    }
}
