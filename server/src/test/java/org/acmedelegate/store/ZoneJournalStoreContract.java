package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ZoneJournalStore} must have; each store's test extends this. */
public abstract class ZoneJournalStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected AccountStore store;
    protected ZoneJournalStore journal;

    protected abstract AccountStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        journal = store.zoneJournal().orElseThrow();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void hasNoPositionBeforeTheFirstChange() {
        assertThat(journal.lastPosition()).isEmpty();
        assertThat(journal.since(0, 10)).isEmpty();
    }

    @Test
    void returnsChangesAfterAPositionOldestFirst() {
        journal.append(100, T0, "a");
        journal.append(101, T0.plusSeconds(1), "b");
        journal.append(105, T0.plusSeconds(2), "c");
        assertThat(journal.lastPosition()).hasValue(105);
        assertThat(journal.since(100, 10))
                .extracting(ZoneJournalStore.Row::change)
                .containsExactly("b", "c");
        assertThat(journal.since(0, 2))
                .extracting(ZoneJournalStore.Row::position)
                .containsExactly(100L, 101L);
        assertThat(journal.since(0, 1).get(0).changedAt()).isEqualTo(T0);
    }

    @Test
    void refusesAPositionThatDoesNotMoveOnAndKeepsTheLastOne() {
        journal.append(7, T0, "a");
        assertThatThrownBy(() -> journal.append(7, T0, "again")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> journal.append(3, T0, "older")).isInstanceOf(StoreException.class);
        assertThat(journal.lastPosition()).hasValue(7);
        assertThat(journal.since(0, 10))
                .extracting(ZoneJournalStore.Row::change)
                .containsExactly("a");
    }

    @Test
    void recordsSharedPositionsOutOfOrderAndMarksAPositionClaimedTwiceUnusable() {
        journal.record(12, T0, "twelve");
        journal.record(10, T0, "ten");
        journal.record(11, T0, "eleven");
        journal.record(11, T0, "eleven again");
        assertThat(journal.lastPosition()).hasValue(12);
        assertThat(journal.since(9, 10))
                .extracting(ZoneJournalStore.Row::change)
                .containsExactly("ten", ZoneJournalStore.UNUSABLE, "twelve");
    }

    @Test
    void prunesByAgeAndCountButKeepsTheLastPosition() {
        for (int i = 1; i <= 10; i++) {
            journal.append(i, T0.plus(i, ChronoUnit.HOURS), "change " + i);
        }
        assertThat(journal.prune(T0.plus(3, ChronoUnit.HOURS), 100)).isEqualTo(2);
        assertThat(journal.since(0, 100))
                .extracting(ZoneJournalStore.Row::position)
                .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(journal.prune(T0, 3)).isEqualTo(5);
        assertThat(journal.since(0, 100))
                .extracting(ZoneJournalStore.Row::position)
                .containsExactly(8L, 9L, 10L);
        journal.prune(T0.plus(100, ChronoUnit.DAYS), 100);
        assertThat(journal.since(0, 100)).isEmpty();
        assertThat(journal.lastPosition()).hasValue(10);
    }

    @Test
    void keepsTheJournalWhenTheStoreIsReopened() throws Exception {
        journal.append(42, T0, "kept");
        AccountStore reopened = reopen();
        if (reopened != null) {
            store = reopened;
            journal = store.zoneJournal().orElseThrow();
        }
        assertThat(journal.lastPosition()).hasValue(42);
        assertThat(journal.since(0, 10))
                .extracting(ZoneJournalStore.Row::change)
                .containsExactly("kept");
    }

    /** Closes the store and opens it again on the same data; null if the store cannot be reopened. */
    protected abstract AccountStore reopen() throws Exception;
}
