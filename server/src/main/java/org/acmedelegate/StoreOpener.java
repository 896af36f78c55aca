package org.acmedelegate;

import org.acmedelegate.config.StoreConfig;
import org.acmedelegate.config.StoreEngine;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.SqliteAccountStore;

/** Opens the configured store, SQLite or PostgreSQL, for the commands that write it outside a server. */
final class StoreOpener {
    private StoreOpener() {}

    static AccountStore open(StoreConfig store, boolean createIfMissing) {
        if (store.engine() == StoreEngine.POSTGRESQL) {
            return new PostgresAccountStore(
                    PostgresDatabase.open(store.postgresql().get()));
        }
        return SqliteAccountStore.open(store.sqlitePath(), createIfMissing);
    }
}
