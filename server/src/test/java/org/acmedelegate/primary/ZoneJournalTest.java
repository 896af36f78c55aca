package org.acmedelegate.primary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmedelegate.TestClock;
import org.acmedelegate.config.PrimaryConfig.JournalLimits;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneJournalTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final String A = "a".repeat(43);
    private static final String B = "b".repeat(43);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private AccountStore store;
    private ZoneJournal journal;

    @BeforeEach
    void open() {
        store = SqliteAccountStore.open(dir.resolve("j.db"));
        journal = ZoneJournal.open(store.zoneJournal().orElseThrow(), new JournalLimits(Duration.ofDays(1), 5), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSharedJournalFollowsAWriteThatGaveEachNameItsOwnSequenceByIxfrButNotOneThatChangedTwoNamesAtOne() {
        java.util.Map<String, Long> sequences = new java.util.HashMap<>();
        long[] head = {10};
        ZoneJournal shared = ZoneJournal.shared(
                store.zoneJournal().orElseThrow(),
                label -> sequences.getOrDefault(label, 0L),
                () -> head[0],
                JournalLimits.DEFAULT,
                clock);

        // An expiry purge: one sequence per name, as the PostgreSQL store gives them.
        sequences.put("x", 11L);
        sequences.put("y", 12L);
        head[0] = 12;
        shared.changed("x", List.of(A), List.of());
        shared.changed("y", List.of(B), List.of());
        shared.changed("z", List.of(B), List.of()); // not this write's: another node stores it
        assertThat(shared.since(10).orElseThrow())
                .satisfiesExactly(
                        c -> assertThat(c.position() + " " + c.label() + " " + c.removed())
                                .isEqualTo("11 x [" + A + "]"),
                        c -> assertThat(c.position() + " " + c.label() + " " + c.removed())
                                .isEqualTo("12 y [" + B + "]"));

        // Two names at one sequence cannot be one IXFR step of one name: the whole zone goes instead.
        sequences.put("x", 13L);
        sequences.put("y", 13L);
        head[0] = 13;
        shared.changed("x", List.of(), List.of(A));
        shared.changed("y", List.of(), List.of(B));
        assertThat(shared.since(12)).isEmpty();
    }

    @Test
    void startsAtTheClocksSecondSoTheSerialIsAboveTheTimeBasedSerialsOfOlderVersions() {
        assertThat(journal.serial()).isEqualTo(T0.getEpochSecond());
    }

    @Test
    void movesTheSerialOnByOneForEachChangeThatAltersTheAnswersAndTellsListeners() {
        AtomicInteger told = new AtomicInteger();
        journal.onChange(told::incrementAndGet);
        long start = journal.serial();
        journal.changed("x", List.of(), List.of(A));
        journal.changed("x", List.of(A), List.of(A)); // same values: no change
        journal.changed("x", List.of(A), List.of(B, A));
        assertThat(journal.serial()).isEqualTo(start + 2);
        assertThat(told).hasValue(2);
        assertThat(journal.since(start).orElseThrow())
                .satisfiesExactly(c -> assertThat(c.added()).containsExactly(A), c -> {
                    assertThat(c.removed()).isEmpty();
                    assertThat(c.added()).containsExactly(B);
                });
    }

    @Test
    void keepsItsPositionAndHistoryAcrossARestart() {
        long start = journal.serial();
        journal.changed("x", List.of(), List.of(A));
        journal.changed("x", List.of(A), List.of());
        store.close();
        store = SqliteAccountStore.open(dir.resolve("j.db"));
        clock.advance(Duration.ofDays(-30)); // even with the clock set back
        ZoneJournal reopened =
                ZoneJournal.open(store.zoneJournal().orElseThrow(), new JournalLimits(Duration.ofDays(100), 5), clock);
        assertThat(reopened.serial()).isEqualTo(start + 2);
        assertThat(reopened.since(start).orElseThrow())
                .hasSize(2)
                .last()
                .satisfies(c -> assertThat(c.removed()).containsExactly(A));
    }

    @Test
    void answersUpToDateForTheCurrentSerialAndForOneAhead() {
        assertThat(journal.since(journal.serial())).contains(List.of());
        assertThat(journal.since(journal.serial() + 10)).contains(List.of());
    }

    @Test
    void cannotBridgeASerialOlderThanWhatTheLimitsKeep() {
        long start = journal.serial();
        for (int i = 0; i < 7; i++) {
            journal.changed("n" + i, List.of(), List.of(A));
        }
        assertThat(journal.since(start)).isEmpty(); // 7 changes, 5 kept
        assertThat(journal.since(start + 2).orElseThrow()).hasSize(5);
        clock.advance(Duration.ofDays(2));
        assertThat(journal.since(start + 6)).isEqualTo(Optional.empty()); // too old now
        journal.prune();
        assertThat(store.zoneJournal().orElseThrow().since(0, 100)).isEmpty();
    }

    @Test
    void comparesSerialsOnTheCircleOfRfc1982() {
        assertThat(SerialNumbers.isAfter(1, 0xFFFF_FFFFL)).isTrue();
        assertThat(SerialNumbers.isAfter(0xFFFF_FFFFL, 1)).isFalse();
        assertThat(SerialNumbers.distance(0xFFFF_FFF0L, 5)).isEqualTo(21);
        assertThat(SerialNumbers.distance(5, 0xFFFF_FFF0L)).isEqualTo(-21);
    }

    @Test
    void wrapsTheSerialPastTwoToTheThirtyTwoAndStillBridgesTheGap() {
        AccountStore other = SqliteAccountStore.open(dir.resolve("wrap.db"));
        try {
            other.zoneJournal().orElseThrow().append((1L << 32) - 2, T0, "w\n+" + A + "\n");
            ZoneJournal wrapping = ZoneJournal.open(other.zoneJournal().orElseThrow(), JournalLimits.DEFAULT, clock);
            long before = wrapping.serial();
            wrapping.changed("w", List.of(A), List.of());
            wrapping.changed("w", List.of(), List.of(B));
            wrapping.changed("w", List.of(B), List.of());
            assertThat(before).isEqualTo(0xFFFF_FFFEL);
            assertThat(wrapping.serial()).isEqualTo(1);
            assertThat(wrapping.since(before).orElseThrow()).hasSize(3);
        } finally {
            other.close();
        }
    }
}
