package org.acmedelegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.ClusterConfig;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;

/** The follower against a real PostgreSQL, driven step by step: what it applies, and its reload after a gap. */
class ChangeFollowerIT {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private PostgresConfig config;
    private PostgresAccountStore store;
    private ChallengeIndex index;
    private ChangeFollower follower;

    @BeforeEach
    void openStore() throws Exception {
        config = POSTGRES.server().newDatabase();
        store = new PostgresAccountStore(PostgresDatabase.open(config));
        index = new ChallengeIndex(ZONE, Clock.systemUTC(), Duration.ZERO, 0);
        ClusterNodes nodes = new ClusterNodes(store.database().pool());
        follower = new ChangeFollower(
                store,
                store.database(),
                index,
                Runnable::run,
                nodes,
                new ClusterBarrier(store, nodes, ClusterConfig.DEFAULT),
                ClusterConfig.DEFAULT,
                "test-node",
                true);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static Account account() {
        return new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                TestSubdomains.random(),
                AllowFrom.ANY,
                T0);
    }

    private static TxtValue txt(char c) {
        return new TxtValue(String.valueOf(c).repeat(43));
    }

    private List<String> answered(Account a) {
        return index.txtValues(index.nameOf(a.subdomain()));
    }

    @Test
    void appliesPutsDeletesDisablingAndRemovedAccountsAndReachesTheHead() throws Exception {
        Account kept = account();
        Account removed = account();
        Account disabled = account();
        store.create(kept);
        store.create(removed);
        store.create(disabled);
        store.putTxt(disabled.subdomain(), txt('d'), T0, 4);
        follower.load();
        assertThat(answered(disabled)).containsExactly(txt('d').value());

        store.putTxt(kept.subdomain(), txt('a'), T0, 4);
        store.putTxt(kept.subdomain(), txt('b'), T0, 4);
        store.deleteTxt(kept.subdomain(), txt('a'));
        store.delete(removed.username());
        store.update(disabled.withDisabled(true));
        Account added = account();
        store.create(added);
        follower.catchUp();

        assertThat(answered(kept)).containsExactly(txt('b').value());
        assertThat(answered(removed)).as("no longer registered").isNull();
        assertThat(answered(disabled)).isEmpty();
        assertThat(answered(added)).isEmpty();
        assertThat(follower.applied()).isEqualTo(store.headSequence());
        assertThat(follower.reloads()).isZero();
    }

    @Test
    void whenTheChangesItMissedWerePrunedItReloadsEverythingAndForgetsNamesThatWent() throws Exception {
        Account kept = account();
        Account removed = account();
        store.create(kept);
        store.create(removed);
        follower.load();
        store.putTxt(kept.subdomain(), txt('a'), T0, 4);
        store.delete(removed.username());
        try (Connection c = TestPostgres.connect(config);
                Statement s = c.createStatement()) {
            s.execute("UPDATE changes SET changed_at = now() - interval '2 hours'");
        }
        store.pruneChanges(3600);
        store.putTxt(kept.subdomain(), txt('b'), T0, 4);

        follower.catchUp();

        assertThat(follower.reloads()).isEqualTo(1);
        assertThat(answered(kept)).containsExactly(txt('b').value(), txt('a').value());
        assertThat(answered(removed)).isNull();
        assertThat(follower.applied()).isEqualTo(store.headSequence());
    }

    @Test
    void whenTheDatabaseWentBackToAnEarlierStateItReloadsAndServesThatState() throws Exception {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        follower.load();
        long before = follower.applied();
        // As after a failover to a replica that never got the last change: the value and its sequence are gone.
        try (Connection c = TestPostgres.connect(config);
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM txt_values");
            s.execute("UPDATE change_counter SET value = value - 1");
        }

        follower.catchUp();

        assertThat(follower.reloads()).isEqualTo(1);
        assertThat(follower.applied()).isEqualTo(before - 1);
        assertThat(answered(a)).isEmpty();
    }
}
