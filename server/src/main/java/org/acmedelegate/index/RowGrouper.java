package org.acmedelegate.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;

/**
 * Turns the store's challenge rows into {@link ChallengeIndex} entries: collects the rows of one subdomain (they
 * arrive together) and publishes them, packed newest first, when the next begins.
 */
final class RowGrouper implements AccountStore.ChallengeRows {
    private String current;
    private final List<byte[]> values = new ArrayList<>(4);
    private final List<long[]> order = new ArrayList<>(4); // {sequence, updatedAt, index into values}
    private final BiConsumer<String, byte[]> publish;
    private final Set<String> seen;

    /** Publishes each subdomain's packed values to {@code publish}, and adds its label to {@code seen} (if not null). */
    RowGrouper(BiConsumer<String, byte[]> publish, Set<String> seen) {
        this.publish = publish;
        this.seen = seen;
    }

    @Override
    public void row(String subdomain, byte[] value, long sequence, long updatedAtMillis) {
        if (!subdomain.equals(current)) {
            flush();
            current = requireLabel(subdomain);
            if (seen != null) {
                seen.add(current);
            }
        }
        if (value != null) {
            order.add(new long[] {sequence, updatedAtMillis, values.size()});
            values.add(value);
        }
    }

    void flush() {
        if (current == null) {
            return;
        }
        order.sort((x, y) -> Long.compare(y[0], x[0]));
        List<byte[]> sorted = new ArrayList<>(order.size());
        long[] times = new long[order.size()];
        for (int i = 0; i < order.size(); i++) {
            sorted.add(values.get((int) order.get(i)[2]));
            times[i] = order.get(i)[1];
        }
        publish.accept(current, PackedValues.encode(sorted, times));
        current = null;
        values.clear();
        order.clear();
    }

    // What Subdomain checks, without a regex per row: a lower-case DNS label.
    private String requireLabel(String subdomain) {
        int n = subdomain.length();
        boolean ok = n >= 1 && n <= 63 && subdomain.charAt(0) != '-' && subdomain.charAt(n - 1) != '-';
        for (int i = 0; ok && i < n; i++) {
            char c = subdomain.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }
        if (!ok) {
            throw new StoreException("stored subdomain is not a lower-case DNS label: " + subdomain);
        }
        return subdomain;
    }
}
