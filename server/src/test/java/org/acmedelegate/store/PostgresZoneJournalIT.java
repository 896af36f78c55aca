package org.acmedelegate.store;

import org.acmedelegate.config.PostgresConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The zone journal contract against a real PostgreSQL server (a fresh database per test). */
class PostgresZoneJournalIT extends ZoneJournalStoreContract {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private PostgresConfig config;

    @Override
    protected AccountStore newStore() throws Exception {
        config = POSTGRES.server().newDatabase();
        return new PostgresAccountStore(PostgresDatabase.open(config));
    }

    @Override
    protected AccountStore reopen() {
        store.close();
        return new PostgresAccountStore(PostgresDatabase.open(config));
    }
}
