package org.acmedelegate.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable TSIG keys, at most one per account, kept beside the accounts (SQLite and PostgreSQL stores both
 * implement it). Same failure rules as {@link AccountStore}: each method commits before it returns or
 * throws {@link StoreException} having changed nothing. Deleting an account deletes its key.
 */
public interface TsigKeyStore {
    /**
     * On PostgreSQL, the LISTEN/NOTIFY channel on which every change to a stored key is announced with the
     * account's username as payload (a trigger sends it, so a key deleted with its account is announced too).
     */
    String CHANGE_CHANNEL = "acme_delegate_tsig_keys";

    /**
     * Stores the key of {@code key.username()}, replacing the one it had; throws {@link StoreException}
     * when there is no such account or another account's key has the same name.
     */
    void putTsigKey(StoredTsigKey key);

    /** Removes an account's key; returns false when it had none. */
    boolean deleteTsigKey(UUID username);

    /** Every stored key, ordered by key name. */
    List<StoredTsigKey> tsigKeys();

    /** The key of one account, if it has one. */
    default Optional<StoredTsigKey> tsigKey(UUID username) {
        return tsigKeys().stream().filter(k -> k.username().equals(username)).findFirst();
    }
}
