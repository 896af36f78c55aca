package org.acmedelegate.primary;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.acmedelegate.config.PrimaryConfig.JournalLimits;
import org.acmedelegate.index.ChangeListener;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.ZoneJournalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zone's history of TXT changes and its SOA serial. Each change that alters the zone's answers moves
 * the position on by one and is kept (in memory and in the store) for IXFR; the serial is the position's
 * low 32 bits, so it rises with every change and, being stored, never goes back across restarts. The
 * first position is the clock's epoch second, above the time-based serials of older versions.
 *
 * <p>On a cluster ({@link #shared}) the serial is the cluster's change sequence instead, equal on every
 * node. Each node stores the changes of its own writes at their sequence in the shared store, so any node
 * answers IXFR from any serial the history still covers; a gap (a write made without a node, a pruned feed)
 * sends the whole zone.
 */
public final class ZoneJournal implements ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneJournal.class);

    private final ZoneJournalStore store;
    private final JournalLimits limits;
    private final Clock clock;
    private final LongSupplier externalSerial;
    // shared: the sequence at which the write this thread committed changed a name
    private ToLongFunction<String> writeSequence = label -> 0;
    private final ArrayDeque<ZoneChange> entries = new ArrayDeque<>(); // guarded by this
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<ZoneView> views = new CopyOnWriteArrayList<>();
    private volatile long position;
    private boolean persistFailing; // guarded by this

    private ZoneJournal(
            ZoneJournalStore store, JournalLimits limits, Clock clock, LongSupplier externalSerial, long position) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.externalSerial = externalSerial;
        this.position = position;
    }

    /** The journal kept in {@code store}, with its last position and the history the limits keep. */
    public static ZoneJournal open(ZoneJournalStore store, JournalLimits limits, Clock clock) {
        long position = store.lastPosition().orElse(clock.instant().getEpochSecond());
        ZoneJournal journal = new ZoneJournal(store, limits, clock, null, position);
        for (ZoneJournalStore.Row row : store.since(position - limits.maxChanges(), limits.maxChanges())) {
            journal.entries.addLast(ZoneChange.decode(row.position(), row.changedAt(), row.change()));
        }
        journal.dropOld();
        return journal;
    }

    /**
     * A cluster node's journal: the serial is {@code serial} (the sequence this node applied), and a change the
     * index reports on a thread whose {@code writeSequence} gives its name a sequence (a write of this node) is
     * stored at it.
     */
    public static ZoneJournal shared(
            ZoneJournalStore store,
            ToLongFunction<String> writeSequence,
            LongSupplier serial,
            JournalLimits limits,
            Clock clock) {
        ZoneJournal journal = new ZoneJournal(store, limits, clock, serial, 0);
        journal.writeSequence = writeSequence;
        return journal;
    }

    /** The SOA serial now. */
    public long serial() {
        return externalSerial != null ? SerialNumbers.of(externalSerial.getAsLong()) : SerialNumbers.of(position);
    }

    /** Calls {@code listener} after every change (on the writing thread: it must be quick). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * A view of the zone at the serial now, kept up as changes come until it is closed (see {@link ZoneView}).
     * Called before the transfer reads the index: a change the serial includes has then reached the journal.
     */
    public synchronized ZoneView openView() {
        ZoneView view = new ZoneView(serial(), views::remove);
        views.add(view);
        return view;
    }

    @Override
    public void changed(String label, List<String> before, List<String> after) {
        synchronized (this) {
            if (externalSerial != null) {
                share(label, before, after);
            } else if (!record(label, before, after)) {
                return;
            }
            views.forEach(v -> v.changed(label, before));
        }
        listeners.forEach(Runnable::run);
    }

    // Another node's write arrives through the change feed (write sequence 0 on its thread): that node stores it.
    private void share(String label, List<String> before, List<String> after) {
        long sequence = store == null ? 0 : writeSequence.applyAsLong(label);
        if (sequence <= 0) {
            return;
        }
        ZoneChange change = ZoneChange.between(sequence, clock.instant(), label, before, after);
        if (change == null) {
            change = new ZoneChange(sequence, clock.instant(), label, List.of(), List.of());
        }
        try {
            store.record(sequence, change.at(), change.encode());
            persistFailing = false;
        } catch (StoreException e) {
            if (!persistFailing) {
                LOG.error(
                        "zone journal: cannot store change {} (IXFR across it sends the whole zone): {}",
                        sequence,
                        e.getMessage());
                persistFailing = true;
            }
        }
    }

    private boolean record(String label, List<String> before, List<String> after) {
        ZoneChange change = ZoneChange.between(position + 1, clock.instant(), label, before, after);
        if (change == null) {
            return false;
        }
        try {
            store.append(change.position(), change.at(), change.encode());
            if (persistFailing) {
                LOG.info("zone journal: changes are stored again");
                persistFailing = false;
            }
        } catch (StoreException e) {
            // The value is committed and answered already; only the history is at risk, so DNS goes on.
            if (!persistFailing) {
                LOG.error(
                        "zone journal: cannot store change {} (kept in memory only): {}",
                        change.position(),
                        e.getMessage());
                persistFailing = true;
            }
        }
        entries.addLast(change);
        while (entries.size() > limits.maxChanges()) {
            entries.removeFirst();
        }
        position = change.position();
        return true;
    }

    /**
     * The changes that bring a secondary at {@code clientSerial} to {@link #serial()}, oldest first, the last one
     * at the serial: empty when it is up to date (or ahead); {@code Optional.empty()} when the journal does not
     * reach back that far. Positions need not be consecutive (a cluster's): each step starts where the one
     * before it ended, the first at the client's serial.
     */
    public synchronized Optional<List<ZoneChange>> since(long clientSerial) {
        long head = externalSerial != null ? externalSerial.getAsLong() : position;
        long behind = SerialNumbers.distance(clientSerial, SerialNumbers.of(head));
        if (behind <= 0) {
            return Optional.of(List.of());
        }
        if (externalSerial != null) {
            return sharedSince(head, behind);
        }
        dropOld();
        long clientPosition = position - behind;
        if (entries.isEmpty() || entries.getFirst().position() > clientPosition + 1) {
            return Optional.empty();
        }
        List<ZoneChange> changes = new ArrayList<>((int) behind);
        for (ZoneChange c : entries) {
            if (c.position() > clientPosition) {
                changes.add(c);
            }
        }
        return Optional.of(changes);
    }

    // The positions are the cluster's sequence numbers; those without a row changed nothing (or were not
    // made by a node, which covers() finds out).
    private Optional<List<ZoneChange>> sharedSince(long upTo, long behind) {
        if (store == null || behind > limits.maxChanges() * 4L) {
            return Optional.empty();
        }
        long after = upTo - behind;
        try {
            List<ZoneJournalStore.Row> rows = store.since(after, limits.maxChanges() + 1);
            List<ZoneChange> changes = new ArrayList<>();
            for (ZoneJournalStore.Row row : rows) {
                if (row.position() > upTo) {
                    break;
                }
                if (ZoneJournalStore.UNUSABLE.equals(row.change()) || changes.size() == limits.maxChanges()) {
                    return Optional.empty();
                }
                changes.add(ZoneChange.decode(row.position(), row.changedAt(), row.change()));
            }
            if (!store.covers(after, upTo)) {
                return Optional.empty();
            }
            if (changes.isEmpty() || changes.get(changes.size() - 1).position() < upTo) {
                // The sequences after the last change changed nothing here: an empty step brings the serial.
                changes.add(new ZoneChange(upTo, clock.instant(), "", List.of(), List.of()));
            }
            return Optional.of(changes);
        } catch (StoreException e) {
            LOG.warn("zone journal: cannot read the shared history ({}): sending the whole zone", e.getMessage());
            return Optional.empty();
        }
    }

    /** Drops history beyond the limits, in memory and in the store (housekeeping). */
    public void prune() {
        if (store == null) {
            return;
        }
        synchronized (this) {
            dropOld();
        }
        try {
            store.prune(clock.instant().minus(limits.maxAge()), limits.maxChanges());
        } catch (StoreException e) {
            LOG.warn("zone journal: pruning the stored history failed: {}", e.getMessage());
        }
    }

    private void dropOld() {
        Instant cutoff = clock.instant().minus(limits.maxAge());
        while (!entries.isEmpty() && entries.getFirst().at().isBefore(cutoff)) {
            entries.removeFirst();
        }
    }
}
