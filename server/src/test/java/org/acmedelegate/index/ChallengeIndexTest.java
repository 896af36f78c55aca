package org.acmedelegate.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.InMemoryAccountStore;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class ChallengeIndexTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @Test
    void loadsTheSameFromStreamedRowsAsFromASnapshotForEveryStore() {
        for (AccountStore store : List.of(new InMemoryAccountStore(), SqliteAccountStore.open(dir.resolve("s.db")))) {
            try (store) {
                Subdomain full = fill(store, 'a', 'b', 'c');
                Subdomain empty = fill(store);
                ChallengeIndex streamed = index(Duration.ZERO);
                ChallengeIndex fromSnapshot = index(Duration.ZERO);
                streamed.load(store);
                store.snapshot().challenges().forEach(fromSnapshot::replace);

                for (ChallengeIndex index : List.of(streamed, fromSnapshot)) {
                    assertThat(index.size()).isEqualTo(2);
                    assertThat(index.txtValues(index.nameOf(full))).containsExactly(v('c'), v('b'), v('a'));
                    assertThat(index.txtValues(index.nameOf(empty))).isEmpty();
                    assertThat(PackedValues.live(packed(index, full.value(), ZONE), Long.MIN_VALUE))
                            .containsExactly(v('c'), v('b'), v('a'));
                }
            }
        }
    }

    @Test
    void matchesNamesCaseInsensitivelyAndOnlyOneLabelBelowTheZone() {
        ChallengeIndex index = index(Duration.ZERO);
        index.replace(new Subdomain("abc-1"), List.of(new TxtEntry(new TxtValue(v('x')), 1, T0)));

        assertThat(index.txtValues(Name.fromConstantString("ABC-1.Auth.Example.ORG.")))
                .containsExactly(v('x'));
        assertThat(index.txtValues(Name.fromConstantString("abc-1.auth.example.com.")))
                .isNull();
        assertThat(index.txtValues(Name.fromConstantString("x.abc-1.auth.example.org.")))
                .isNull();
        assertThat(packed(index, "abc-1", Name.fromConstantString("example.org.")))
                .isNull();
        assertThat(PackedValues.live(packed(index, "ABC-1", ZONE), Long.MIN_VALUE))
                .containsExactly(v('x'));
        assertThat(packed(index, "abc-2", ZONE)).isNull();
    }

    @Test
    void dropsOnlyExpiredValues() {
        Clock clock = Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        ChallengeIndex index = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
        Subdomain s = new Subdomain("abc-1");
        index.replace(
                s,
                List.of(
                        new TxtEntry(new TxtValue(v('o')), 1, T0),
                        new TxtEntry(new TxtValue(v('n')), 2, T0.plus(Duration.ofMinutes(90)))));

        assertThat(index.txtValues(index.nameOf(s))).containsExactly(v('n'));
        index.dropExpired();
        assertThat(index.txtValues(index.nameOf(s))).containsExactly(v('n'));
        assertThat(index.size()).isEqualTo(1);
    }

    private static ChallengeIndex index(Duration lifetime) {
        return new ChallengeIndex(ZONE, Clock.fixed(T0, ZoneOffset.UTC), lifetime, 0);
    }

    private static Subdomain fill(AccountStore store, char... values) {
        Account a = new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                TestSubdomains.random(),
                AllowFrom.ANY,
                T0);
        store.create(a);
        for (char c : values) {
            store.putTxt(a.subdomain(), new TxtValue(v(c)), T0, 4);
        }
        return a.subdomain();
    }

    private static String v(char c) {
        return String.valueOf(c).repeat(43);
    }

    // The fast path's lookup: the label sits inside a query's bytes.
    private static byte[] packed(ChallengeIndex index, String label, Name zone) {
        byte[] wire = ("??" + label + "??").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return index.packedValues(wire, 2, label.length(), zone);
    }

    @Test
    void findsEveryRegisteredLabelByItsBytesInAnyCaseAndNoOther() {
        ChallengeIndex index = index(Duration.ZERO);
        java.util.Random random = new java.util.Random(7);
        java.util.Set<String> registered = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String label = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-" + i;
            registered.add(label);
            index.replace(new Subdomain(label), List.of(new TxtEntry(new TxtValue(v('k')), 1, T0)));
        }
        for (String label : registered) {
            assertThat(PackedValues.live(packed(index, label.toUpperCase(java.util.Locale.ROOT), ZONE), Long.MIN_VALUE))
                    .containsExactly(v('k'));
            assertThat(packed(index, label + "x", ZONE)).isNull();
        }
    }

    // The fast path's lookup: the label sits inside a query's bytes.
}
