package org.acmedelegate.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/**
 * Durable accounts and TXT values. Every method either commits durably before it returns or throws
 * {@link StoreException} having changed nothing (its kind tells whether the store could not be reached or
 * the write failed). Implementations are safe for concurrent use.
 *
 * <p>TXT model: each subdomain keeps at most {@code keep} distinct values, newest by sequence; putting
 * a value that is already there gives it a new sequence and time and evicts nothing. Lists returned
 * are newest first and include expired values (expiry is the reader's filter and {@link #purgeExpired}).
 */
public interface AccountStore extends AutoCloseable {

    /** Stores a new account; throws {@link StoreException} if the username or subdomain is taken. */
    void create(Account account);

    Optional<Account> findByUsername(UUID username);

    /**
     * Adds or refreshes a value and trims the subdomain to {@code keep} values; returns what remains.
     * {@code now} becomes the account's last update.
     */
    List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep);

    /** The values stored for one subdomain, newest first (also while its account is disabled). */
    List<TxtEntry> txtEntries(Subdomain subdomain);

    /** Removes one value if present; returns what remains. */
    List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value);

    /** Deletes values last updated before {@code cutoff}; returns how many went. */
    int purgeExpired(Instant cutoff);

    /**
     * Replaces the key hash, allowfrom, domain and disabled flag of the account with this username
     * (username, subdomain and creation time never change); throws {@link StoreException} if absent.
     * A new domain forgets the last CNAME check, which was about the old one.
     */
    void update(Account account);

    /** Deletes an account and all its TXT values; returns false if there was no such account. */
    boolean delete(UUID username);

    /** Every account with its last update and CNAME check, oldest first (then by username). */
    List<AccountRecord> list();

    /** Stores the result of a CNAME check; does nothing if the account is gone. */
    void recordCnameCheck(UUID username, CnameCheck check);

    /**
     * Whether a write could succeed now, and if not why. Never throws; may wait up to the store's busy
     * timeout, so it belongs on a background check, not on a request.
     */
    StoreHealth check();

    /**
     * Every subdomain with the values DNS answers, for rebuilding the in-memory index at start: a disabled
     * account's subdomain is there without its values (they stay stored and return when it is enabled).
     */
    StoreSnapshot snapshot();

    /**
     * What {@link #snapshot} holds, streamed row by row so that millions of registrations load without
     * an object per value: one row per value, or one row with a null value for a subdomain without
     * values. All rows of one subdomain come one after the other; values in any order. The default
     * streams the snapshot; implementations backed by a database read it directly.
     */
    default void scanChallenges(ChallengeRows rows) {
        snapshot().challenges().forEach((subdomain, entries) -> {
            if (entries.isEmpty()) {
                rows.row(subdomain.value(), null, 0, 0);
            }
            for (TxtEntry e : entries) {
                rows.row(
                        subdomain.value(),
                        e.value().value().getBytes(StandardCharsets.US_ASCII),
                        e.sequence(),
                        e.updatedAt().toEpochMilli());
            }
        });
    }

    /** The zone journal kept in this store (IXFR history and the SOA serial), if the store keeps one. */
    default java.util.Optional<ZoneJournalStore> zoneJournal() {
        return java.util.Optional.empty();
    }

    /** How many accounts there are, disabled ones included: sizes the index before a full load. */
    default int accountCount() {
        return snapshot().challenges().size();
    }

    /**
     * Receives the rows of {@link #scanChallenges}: {@code value} is the TXT value's ASCII bytes (what the
     * index keeps), or null for a subdomain without values.
     */
    @FunctionalInterface
    interface ChallengeRows {
        void row(String subdomain, byte[] value, long sequence, long updatedAtMillis);
    }

    @Override
    void close();
}
