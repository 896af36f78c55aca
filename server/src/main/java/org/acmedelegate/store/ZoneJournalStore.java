package org.acmedelegate.store;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The durable side of the zone journal (IXFR history): changes keyed by a position that only grows, and
 * the last position even when its change was pruned, so the SOA serial never goes back across restarts.
 * Each method commits before it returns or throws {@link StoreException} having changed nothing.
 */
public interface ZoneJournalStore {
    /** One recorded change: its position, when it happened and its text (see the journal's encoding). */
    record Row(long position, Instant changedAt, String change) {}

    /** The position of the last change ever appended; empty before the first. */
    OptionalLong lastPosition();

    /** Stores {@code change} at {@code position}, which must be above {@link #lastPosition()}, and makes it last. */
    void append(long position, Instant changedAt, String change);

    /**
     * Stores {@code change} at {@code position} taken from a sequence several writers share (a cluster's change
     * sequence), so positions may arrive out of order; the last position becomes the highest stored. A second
     * change at a position already stored marks that position unusable ({@link #UNUSABLE}) instead.
     */
    void record(long position, Instant changedAt, String change);

    /** The text a position holds when two changes claimed it: IXFR across it sends the whole zone. */
    String UNUSABLE = "!";

    /**
     * Whether every change to the answers with a position in ({@code after}, {@code upTo}] has its row here. A
     * store that is given every change holds them all; a cluster's store checks its change feed, which also
     * holds changes made without a node (an admin command on the database).
     */
    default boolean covers(long after, long upTo) {
        return true;
    }

    /** The kept changes above {@code after}, oldest first, at most {@code limit}. */
    List<Row> since(long after, int limit);

    /**
     * Removes changes older than {@code cutoff} and all but the newest {@code keep}; the last position stays.
     * Returns how many went.
     */
    int prune(Instant cutoff, int keep);
}
