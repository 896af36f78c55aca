package org.acmedelegate.primary;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The zone as it was at one serial, for a full transfer that streams the live index while changes go on:
 * the journal hands each view the values a name had before its first change after that serial, so the
 * transfer sends those instead of what the index holds when it gets there. Holds only the names that change
 * while the view is open. Open it from {@link ZoneJournal#openView()} and close it when the transfer ends.
 */
public final class ZoneView implements AutoCloseable {
    private final long serial;
    private final Consumer<ZoneView> onClose;
    private final Map<String, List<String>> before = new ConcurrentHashMap<>();
    private final Set<String> sent = new HashSet<>(); // only the streaming thread touches it

    ZoneView(long serial, Consumer<ZoneView> onClose) {
        this.serial = serial;
        this.onClose = onClose;
    }

    /** The serial this view shows the zone at. */
    public long serial() {
        return serial;
    }

    /** The journal saw {@code label} change from {@code values}: keeps the first such state. */
    void changed(String label, List<String> values) {
        before.putIfAbsent(label, values);
    }

    /**
     * Hands {@code out} the values {@code label} had at the serial, given those it has now (read with the
     * name's entry locked, so a change under way has reached this view); a name is handed over at most once.
     */
    public void visit(String label, List<String> now, BiConsumer<String, List<String>> out) {
        List<String> then = before.get(label);
        if (then == null) {
            out.accept(label, now);
        } else if (sent.add(label)) {
            out.accept(label, then);
        }
    }

    /** Hands {@code out} the names that changed and were not visited: those removed while the view was open. */
    public void rest(BiConsumer<String, List<String>> out) {
        before.forEach((label, values) -> {
            if (sent.add(label)) {
                out.accept(label, values);
            }
        });
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
