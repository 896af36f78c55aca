package org.acmedelegate.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteZoneJournalTest extends ZoneJournalStoreContract {
    @TempDir
    Path dir;

    @Override
    protected AccountStore newStore() {
        return SqliteAccountStore.open(dir.resolve("data/store.db"));
    }

    @Override
    protected AccountStore reopen() {
        store.close();
        return SqliteAccountStore.open(dir.resolve("data/store.db"));
    }
}
