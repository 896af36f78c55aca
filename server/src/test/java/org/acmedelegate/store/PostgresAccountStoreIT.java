package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import org.acmedelegate.account.Account;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.PostgresConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a real PostgreSQL server (one server for the class, a fresh database per test). */
class PostgresAccountStoreIT extends AccountStoreContract {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private PostgresConfig config;

    @Override
    protected AccountStore newStore() throws Exception {
        config = POSTGRES.server().newDatabase();
        return new PostgresAccountStore(PostgresDatabase.open(config));
    }

    private ChangeLog changes() {
        return (ChangeLog) store;
    }

    @Test
    void everyWriteThatDnsSeesMovesTheChangeSequenceOnAndTheValueCarriesIt() {
        Account a = account();
        long start = changes().headSequence();
        store.create(a);
        long created = changes().lastWriteSequence();
        assertThat(created).isGreaterThan(start);
        long put = store.putTxt(a.subdomain(), txt('a'), T0, 4).get(0).sequence();
        assertThat(put).isEqualTo(changes().lastWriteSequence()).isGreaterThan(created);
        store.deleteTxt(a.subdomain(), txt('a'));
        assertThat(changes().lastWriteSequence()).isGreaterThan(put);
        assertThat(changes().headSequence()).isEqualTo(changes().lastWriteSequence());
    }

    @Test
    void aPurgeThatFindsNothingLeavesTheSequenceAndNoWriteOfThisThread() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        assertThat(store.purgeExpired(T0.plusSeconds(1))).isEqualTo(1);
        long purged = changes().lastWriteSequence();
        assertThat(purged).isEqualTo(changes().headSequence());

        // As on a second node whose sweep comes after the first one's: its index then drops the same values,
        // and the zone journal must not record that at this thread's earlier sequence.
        assertThat(store.purgeExpired(T0.plusSeconds(1))).isZero();
        assertThat(changes().lastWriteSequence()).isZero();
        assertThat(changes().headSequence()).isEqualTo(purged);
    }

    @Test
    void aPurgeGivesEachNameItTouchedASequenceOfItsOwn() {
        Account a = created();
        Account b = created();
        Account kept = created();
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.putTxt(a.subdomain(), txt('b'), T0, 4);
        store.putTxt(b.subdomain(), txt('c'), T0, 4);
        store.putTxt(kept.subdomain(), txt('d'), T0.plusSeconds(10), 4);
        long before = changes().headSequence();

        assertThat(store.purgeExpired(T0.plusSeconds(1))).isEqualTo(3);

        long seqA = changes().writeSequenceOf(a.subdomain().value());
        long seqB = changes().writeSequenceOf(b.subdomain().value());
        assertThat(java.util.List.of(seqA, seqB)).containsExactlyInAnyOrder(before + 1, before + 2);
        assertThat(changes().writeSequenceOf(kept.subdomain().value())).isZero();
        assertThat(changes().lastWriteSequence())
                .isEqualTo(before + 2)
                .isEqualTo(changes().headSequence());
        assertThat(changes().changesAfter(seqA - 1, 100).states())
                .containsKey(a.subdomain().value());
        assertThat(changes().changesAfter(seqA, 100).states())
                .doesNotContainKey(a.subdomain().value());

        // Any other write gives its one sequence to the name it changed.
        long put = store.putTxt(kept.subdomain(), txt('e'), T0, 4).get(0).sequence();
        assertThat(changes().writeSequenceOf(kept.subdomain().value())).isEqualTo(put);
    }

    @Test
    void changesAfterASequenceHoldTheCurrentStateOfEveryTouchedSubdomain() {
        Account kept = account();
        Account gone = account();
        Account disabled = account();
        store.create(kept);
        store.create(gone);
        store.create(disabled);
        store.putTxt(disabled.subdomain(), txt('d'), T0, 4);
        long before = changes().headSequence();
        store.putTxt(kept.subdomain(), txt('a'), T0, 4);
        store.delete(gone.username());
        store.update(disabled.withDisabled(true));
        ChangeBatch batch = changes().changesAfter(before, 100);
        assertThat(batch.gap()).isFalse();
        assertThat(batch.head()).isEqualTo(changes().headSequence());
        assertThat(batch.states())
                .containsOnlyKeys(
                        kept.subdomain().value(),
                        gone.subdomain().value(),
                        disabled.subdomain().value());
        assertThat(batch.states().get(kept.subdomain().value()).orElseThrow())
                .extracting(e -> e.value())
                .containsExactly(txt('a'));
        assertThat(batch.states().get(gone.subdomain().value())).isEmpty();
        assertThat(batch.states().get(disabled.subdomain().value())).contains(java.util.List.of());
        assertThat(changes().changesAfter(batch.head(), 100).states()).isEmpty();
        assertThat(changes().changesAfter(before, 2).gap())
                .as("more subdomains than asked for")
                .isTrue();
    }

    @Test
    void aReaderBehindPrunedChangesIsToldToReload() throws Exception {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        try (Connection c = TestPostgres.connect(config);
                Statement s = c.createStatement()) {
            s.execute("UPDATE changes SET changed_at = now() - interval '2 hours'");
        }
        assertThat(changes().pruneChanges(3600)).isEqualTo(2);
        store.putTxt(a.subdomain(), txt('b'), T0, 4);
        assertThat(changes().changesAfter(0, 100).gap()).isTrue();
        long head = changes().headSequence();
        assertThat(changes().changesAfter(head - 1, 100).gap()).isFalse();
    }

    @Test
    void theScanReportsTheSequenceItsRowsInclude() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        java.util.List<String> rows = new java.util.ArrayList<>();
        long head = changes().scanAll((subdomain, value, seq, at) -> rows.add(subdomain));
        assertThat(rows).containsExactly(a.subdomain().value());
        assertThat(head).isEqualTo(changes().headSequence());
    }

    @Test
    void aWrongPasswordNamesThePasswordFileKey() {
        PostgresConfig wrong = new PostgresConfig(config.url(), config.user(), "not-the-password", 2);
        assertThatThrownBy(() -> PostgresDatabase.open(wrong))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.postgresql.password_file:")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anUnknownDatabaseOrUnreachableServerNamesTheUrlKey() throws Exception {
        PostgresConfig noDb =
                new PostgresConfig(POSTGRES.server().url("no_such_db"), config.user(), config.password(), 2);
        assertThatThrownBy(() -> PostgresDatabase.open(noDb))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.postgresql.url:")
                .hasMessageContaining("no_such_db");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PostgresConfig nobody = new PostgresConfig("jdbc:postgresql://127.0.0.1:" + closed + "/x", "u", "p", 2);
        assertThatThrownBy(() -> PostgresDatabase.open(nobody))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.postgresql.url: cannot connect");
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefusedWithoutTouchingIt() throws Exception {
        try (Connection c = TestPostgres.connect(config);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__from_the_future.sql', 0, 'test', 0, true)");
        }
        assertThatThrownBy(() -> PostgresDatabase.open(config))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99, newer than this acme-delegate knows");
    }
}
