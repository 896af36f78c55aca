package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.TestSubdomains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountStoreTest extends AccountStoreContract {
    @TempDir
    Path dir;

    @Override
    protected AccountStore newStore() {
        return SqliteAccountStore.open(dir.resolve("data/store.db"));
    }

    @Test
    void keepsAccountsAndValuesAcrossReopening() {
        Account a = account("127.0.0.0/8");
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.close();
        store = SqliteAccountStore.open(dir.resolve("data/store.db"));
        assertThat(store.findByUsername(a.username())).contains(a);
        assertThat(store.snapshot().challenges().get(a.subdomain())).hasSize(1);
    }

    @Test
    void refusesACorruptFileAndLeavesItAsItWas() throws Exception {
        Path bad = dir.resolve("corrupt.db");
        byte[] garbage = "this is not an SQLite database, but it is long enough to look like one........."
                .repeat(20)
                .getBytes();
        Files.write(bad, garbage);
        assertThatThrownBy(() -> SqliteAccountStore.open(bad))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("corrupt.db");
        assertThat(Files.readAllBytes(bad)).isEqualTo(garbage);
    }

    @Test
    void runsInWalModeWithFullSync() throws Exception {
        store.close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/store.db"));
                var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        store = SqliteAccountStore.open(dir.resolve("data/store.db"));
    }

    private Path db() {
        return dir.resolve("data/store.db");
    }

    private Connection second() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db());
    }

    // RAISE(ROLLBACK) ends the whole transaction inside SQLite, as a full disk or an I/O error does: the
    // writer must not be left believing a transaction is open (the next write would then autocommit).
    @Test
    void aWriteThatSqliteRolledBackItselfLeavesNothingAndTheNextWriteCommits() throws Exception {
        Account kept = account();
        store.create(kept);
        store.putTxt(kept.subdomain(), txt('a'), T0, 4);
        UUID refused = UUID.randomUUID();
        try (Connection c = second()) {
            c.createStatement()
                    .execute("CREATE TRIGGER refuse_account BEFORE INSERT ON accounts WHEN NEW.username = '" + refused
                            + "' BEGIN SELECT RAISE(ROLLBACK, 'refused by test'); END");
            c.createStatement()
                    .execute("CREATE TRIGGER refuse_value BEFORE INSERT ON txt_values WHEN NEW.value = '"
                            + txt('x').value() + "' BEGIN SELECT RAISE(ROLLBACK, 'refused by test'); END");
        }
        Account failed = new Account(refused, kept.keyHash(), TestSubdomains.random(), AllowFrom.ANY, T0);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> store.create(failed))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.FAILED));
            assertThatThrownBy(() -> store.putTxt(kept.subdomain(), txt('x'), T0, 4))
                    .isInstanceOf(StoreException.class);
        }
        Account later = account();
        store.create(later);
        store.putTxt(kept.subdomain(), txt('b'), T0, 4);
        store.close();
        store = SqliteAccountStore.open(db());
        assertThat(store.findByUsername(refused)).isEmpty();
        assertThat(store.findByUsername(later.username())).contains(later);
        assertThat(store.txtEntries(kept.subdomain()))
                .extracting(e -> e.value().value())
                .containsExactly(txt('b').value(), txt('a').value());
        assertThat(store.check()).isEqualTo(StoreHealth.WRITABLE);
    }

    @Test
    void aRefusedRowSaysNothingAgainstTheStoreItself() {
        Account a = account();
        store.create(a);
        assertThatThrownBy(() -> store.create(a))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.FAILED));
        assertThat(store.check()).isEqualTo(StoreHealth.WRITABLE);
    }

    @Test
    void aSecondOpenOfTheSameDatabaseIsRefusedNamingTheProcessThatHasIt() {
        assertThatThrownBy(() -> SqliteAccountStore.open(db()))
                .isInstanceOf(StoreException.class)
                .hasMessage("database " + db().toAbsolutePath() + " is in use by process "
                        + ProcessHandle.current().pid());
        store.close();
        store = SqliteAccountStore.open(db());
        assertThat(store.check().writable()).isTrue();
    }

    @Test
    void aMissingDatabaseIsCreatedOnlyWhenThatIsAllowed() {
        Path missing = dir.resolve("elsewhere/missing.db");
        assertThatThrownBy(() -> SqliteAccountStore.open(missing, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("database " + missing.toAbsolutePath() + " does not exist");
        assertThat(missing).doesNotExist();
        SqliteAccountStore.open(missing, true).close();
        assertThat(missing).exists();
        SqliteAccountStore.open(missing, false).close();
    }

    @Test
    void writesIntoADeletedDatabaseAreRefusedAsUnavailableAndTheCheckSaysItIsGone() throws Exception {
        Account a = account();
        store.create(a);
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve("data/store.db" + suffix));
        }
        assertThatThrownBy(() -> store.putTxt(a.subdomain(), txt('a'), T0, 4))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE))
                .hasMessageContaining("store.db was deleted");
        StoreHealth health = store.check();
        assertThat(health.state()).isEqualTo(StoreHealth.State.DATABASE_GONE);
        assertThat(health.reason()).isEqualTo("database_gone");
        // Reads go on from the open file, so a key can still be checked.
        assertThat(store.findByUsername(a.username())).contains(a);
    }

    // Committed values live in the write-ahead log until a checkpoint: losing it loses them at the next start.
    @Test
    void deletingOnlyTheWriteAheadLogIsNoticedToo() throws Exception {
        Account a = account();
        store.create(a);
        Path wal = dir.resolve("data/store.db-wal");
        assertThat(wal).exists();
        Files.delete(wal);
        assertThat(store.check().state()).isEqualTo(StoreHealth.State.DATABASE_GONE);
        assertThat(store.check().detail()).contains("store.db-wal was deleted");
    }

    @Test
    void aDatabaseReplacedUnderTheSameNameIsNoticedAndStaysRefusedEvenIfTheOldOneReturns() throws Exception {
        Account a = account();
        store.create(a);
        Path copy = dir.resolve("copy.db");
        Path moved = dir.resolve("moved.db");
        Files.copy(db(), copy);
        Files.move(db(), moved);
        Files.move(copy, db(), StandardCopyOption.ATOMIC_MOVE);
        assertThat(store.check().state()).isEqualTo(StoreHealth.State.DATABASE_GONE);
        Files.move(moved, db(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(store.check().state()).isEqualTo(StoreHealth.State.DATABASE_GONE);
        assertThatThrownBy(() -> store.create(account()))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    }
}
