package org.acmedelegate.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acmedelegate.account.Subdomain;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The in-memory copy of every registered name and its TXT values that the DNS path answers from.
 * Writers replace a name's whole value list after the store has committed it; readers never lock.
 */
public final class ChallengeIndex implements ChallengeLookup {
    private static final Comparator<TxtEntry> NEWEST_FIRST =
            Comparator.comparingLong(TxtEntry::sequence).reversed();

    private final Name zone;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<Name, List<TxtEntry>> byName = new ConcurrentHashMap<>();

    /** {@code lifetime} of zero keeps values until replaced or removed, as acme-dns does. */
    public ChallengeIndex(Name zone, Clock clock, Duration lifetime) {
        this.zone = zone;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public void load(StoreSnapshot snapshot) {
        snapshot.challenges().forEach(this::replace);
    }

    /** Publishes the values of one subdomain, registering the name if it is new. */
    public void replace(Subdomain subdomain, List<TxtEntry> entries) {
        List<TxtEntry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        byName.put(nameOf(subdomain), List.copyOf(sorted));
    }

    public void remove(Subdomain subdomain) {
        byName.remove(nameOf(subdomain));
    }

    /** Drops values past their lifetime from memory; the readers already skip them. */
    public void dropExpired() {
        if (lifetime.isZero()) {
            return;
        }
        long oldestLiveMillis = clock.millis() - lifetime.toMillis();
        byName.replaceAll((name, entries) -> entries.stream()
                .filter(e -> e.updatedAt().toEpochMilli() > oldestLiveMillis)
                .toList());
    }

    /** How many TXT values DNS answers now, over all names (walks the index: for scrapes, not the DNS path). */
    public int liveValueCount() {
        int n = 0;
        for (Name name : byName.keySet()) {
            List<String> values = txtValues(name);
            n += values == null ? 0 : values.size();
        }
        return n;
    }

    public int size() {
        return byName.size();
    }

    @Override
    public List<String> txtValues(Name name) {
        List<TxtEntry> entries = byName.get(name);
        if (entries == null) {
            return null;
        }
        if (entries.isEmpty()) {
            return List.of();
        }
        long oldestLiveMillis = lifetime.isZero() ? Long.MIN_VALUE : clock.millis() - lifetime.toMillis();
        List<String> values = new ArrayList<>(entries.size());
        for (TxtEntry entry : entries) {
            if (entry.updatedAt().toEpochMilli() > oldestLiveMillis) {
                values.add(entry.value().value());
            }
        }
        return values;
    }

    /** The absolute name {@code <subdomain>.<zone>} of a subdomain. */
    public Name nameOf(Subdomain subdomain) {
        try {
            return Name.concatenate(Name.fromString(subdomain.value()), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("subdomain does not fit under the zone: " + subdomain, e);
        }
    }
}
