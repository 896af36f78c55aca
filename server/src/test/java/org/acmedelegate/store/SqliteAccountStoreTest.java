package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acmedelegate.account.Account;
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
                .repeat(20).getBytes();
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
}
