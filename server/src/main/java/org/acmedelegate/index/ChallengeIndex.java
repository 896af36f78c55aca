package org.acmedelegate.index;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreSnapshot;
import org.acmedelegate.store.TxtEntry;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The in-memory copy of every registered name and its TXT values that the DNS path answers from.
 * Writers replace a name's whole value list after the store has committed it; readers never lock.
 *
 * <p>Kept compact because it holds every registration: the key is the subdomain label (every registered
 * name is one label under the zone), the value one byte array with the values newest first
 * ({@link PackedValues}). A million registrations with two
 * values each take about 250 MB, and start-up loads them without building one object per value.
 */
public final class ChallengeIndex implements ChallengeLookup {
    private static final Comparator<TxtEntry> NEWEST_FIRST =
            Comparator.comparingLong(TxtEntry::sequence).reversed();
    // A probe per thread: the DNS path looks names up by their wire bytes without building a String.
    private static final ThreadLocal<LabelProbe> PROBES = ThreadLocal.withInitial(LabelProbe::new);

    private final Name zone;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, byte[]> byLabel;
    private volatile ChangeListener listener;

    /**
     * {@code lifetime} of zero keeps values until replaced or removed, as acme-dns does. Sized for
     * {@code expectedNames} registrations: growing a concurrent map of a million entries step by step was a
     * third of the start-up's index load.
     */
    public ChallengeIndex(Name zone, Clock clock, Duration lifetime, int expectedNames) {
        this.zone = zone;
        this.clock = clock;
        this.lifetime = lifetime;
        this.byLabel = new ConcurrentHashMap<>(Math.max(16, expectedNames + expectedNames / 4));
    }

    /**
     * Loads everything {@code store} holds by streaming its rows ({@link AccountStore#scanChallenges}),
     * without a {@link StoreSnapshot} in between.
     */
    public void load(AccountStore store) {
        RowGrouper grouper = new RowGrouper(byLabel::put, null);
        try (RowPipe pipe = new RowPipe(grouper, "index-build")) {
            store.scanChallenges(pipe);
        }
        grouper.flush();
    }

    /**
     * Replaces everything with the rows {@code scan} streams into the sink it is given: names it does not
     * stream go. Returns what {@code scan} returns (the change sequence the rows include, for a change feed).
     * Callers keep writers out meanwhile.
     */
    public long reload(ToLongFunction<AccountStore.ChallengeRows> scan) {
        Set<String> seen = byLabel.isEmpty() ? null : new HashSet<>();
        RowGrouper grouper = new RowGrouper(byLabel::put, seen);
        long result;
        try (RowPipe pipe = new RowPipe(grouper, "index-build")) {
            result = scan.applyAsLong(pipe);
        }
        grouper.flush();
        if (seen != null) {
            byLabel.keySet().retainAll(seen);
        }
        return result;
    }

    /** Publishes the values of one subdomain, registering the name if it is new. */
    public void replace(Subdomain subdomain, List<TxtEntry> entries) {
        nameOf(subdomain); // throws when the name would not fit under the zone
        List<TxtEntry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        List<byte[]> values = new ArrayList<>(sorted.size());
        long[] times = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            values.add(sorted.get(i).value().value().getBytes(StandardCharsets.US_ASCII));
            times[i] = sorted.get(i).updatedAt().toEpochMilli();
        }
        store(subdomain.value(), PackedValues.encode(values, times));
    }

    public void remove(Subdomain subdomain) {
        store(subdomain.value(), null);
    }

    /**
     * Tells {@code listener} of every later change to a name's values made by {@link #replace}, {@link #remove}
     * and {@link #dropExpired} (not of loads), while the name's entry is locked, so it sees them in order.
     */
    public void listen(ChangeListener listener) {
        this.listener = listener;
    }

    private void store(String label, byte[] packed) {
        ChangeListener l = listener;
        byLabel.compute(label, (k, old) -> {
            if (l != null) {
                l.changed(label, stored(old), stored(packed));
            }
            return packed; // null removes
        });
    }

    /** Every name with its stored values (expired too), each read with its entry locked (a change under way ends). */
    public void forEachStored(java.util.function.BiConsumer<String, List<String>> action) {
        byLabel.forEach((label, ignored) -> action.accept(label, stored(byLabel.computeIfPresent(label, (k, v) -> v))));
    }

    private static List<String> stored(byte[] packed) {
        return packed == null ? List.of() : PackedValues.live(packed, Long.MIN_VALUE);
    }

    /** Drops values past their lifetime from memory; the readers already skip them. */
    public void dropExpired() {
        if (lifetime.isZero()) {
            return;
        }
        long oldestLiveMillis = clock.millis() - lifetime.toMillis();
        // Only names that hold an expired value are rewritten (replaceAll would lock and write every entry),
        // so a large index is only read every minute.
        byLabel.forEach((label, packed) -> {
            if (hasExpired(packed, oldestLiveMillis)) {
                ChangeListener l = listener;
                byLabel.computeIfPresent(label, (k, now) -> {
                    if (!hasExpired(now, oldestLiveMillis)) {
                        return now;
                    }
                    byte[] kept = live(now, oldestLiveMillis);
                    if (l != null) {
                        l.changed(label, stored(now), stored(kept));
                    }
                    return kept;
                });
            }
        });
    }

    /** How many TXT values DNS answers now, over all names (walks the index: for scrapes, not the DNS path). */
    public int liveValueCount() {
        int n = 0;
        for (byte[] packed : byLabel.values()) {
            List<String> values = values(packed);
            n += values == null ? 0 : values.size();
        }
        return n;
    }

    public int size() {
        return byLabel.size();
    }

    @Override
    public List<String> txtValues(Name name) {
        String label = labelOf(name);
        return values(label == null ? null : byLabel.get(label));
    }

    private List<String> values(byte[] packed) {
        return PackedValues.live(packed, oldestLiveMillis());
    }

    @Override
    public long oldestLiveMillis() {
        return lifetime.isZero() ? Long.MIN_VALUE : clock.millis() - lifetime.toMillis();
    }

    @Override
    public byte[] packedValues(byte[] wire, int from, int length, Name zone) {
        if (zone != this.zone && !zone.equals(this.zone)) {
            return ChallengeLookup.super.packedValues(wire, from, length, zone);
        }
        LabelProbe probe = PROBES.get().set(wire, from, length);
        try {
            return byLabel.get(probe);
        } finally {
            probe.clear();
        }
    }

    /** The absolute name {@code <subdomain>.<zone>} of a subdomain. */
    public Name nameOf(Subdomain subdomain) {
        try {
            return Name.concatenate(Name.fromString(subdomain.value()), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("subdomain does not fit under the zone: " + subdomain, e);
        }
    }

    // The key of a name: its first label in lower case when the name is exactly one label under the zone.
    private String labelOf(Name name) {
        if (name.labels() != zone.labels() + 1 || !name.subdomain(zone)) {
            return null;
        }
        return name.getLabelString(0).toLowerCase(Locale.ROOT);
    }

    private static boolean hasExpired(byte[] packed, long oldestLiveMillis) {
        for (int at = 0; at < packed.length; at = PackedValues.next(packed, at)) {
            if (!PackedValues.isLive(packed, at, oldestLiveMillis)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] live(byte[] packed, long oldestLiveMillis) {
        List<byte[]> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int at = 0; at < packed.length; at = PackedValues.next(packed, at)) {
            if (PackedValues.isLive(packed, at, oldestLiveMillis)) {
                byte[] v = new byte[PackedValues.length(packed, at)];
                System.arraycopy(packed, PackedValues.textStart(at), v, 0, v.length);
                values.add(v);
                times.add(PackedValues.time(packed, at));
            }
        }
        return PackedValues.encode(
                values, times.stream().mapToLong(Long::longValue).toArray());
    }
}
