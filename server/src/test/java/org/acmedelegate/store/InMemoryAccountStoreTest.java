package org.acmedelegate.store;

/** Holds the test double to the same contract as the real stores. */
class InMemoryAccountStoreTest extends AccountStoreContract {
    @Override
    protected AccountStore newStore() {
        return new InMemoryAccountStore();
    }
}
