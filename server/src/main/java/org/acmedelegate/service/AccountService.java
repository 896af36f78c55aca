package org.acmedelegate.service;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreHealth;
import org.acmedelegate.store.TxtEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's use cases: register, authenticate, publish and withdraw a TXT value. Every change is
 * committed to the store first and then published to the DNS index, so a value is answered by DNS
 * before the caller hears it was accepted, and nothing is answered that was not committed.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    private final AccountStore store;
    private final ChallengeIndex index;
    private final KeyHasher hasher;
    private final CredentialGenerator generator;
    private final TxtConfig txt;
    private final Clock clock;
    // Caps bcrypt work running at once, so a flood of bad keys is refused fast instead of eating every core.
    private final Semaphore bcrypt;
    private volatile StoreHealth health = StoreHealth.WRITABLE;
    private final SerialWriter writes;
    private final AccountAdministration admin;

    /**
     * At most {@code maxConcurrentBcrypt} key checks run at once; every write that succeeded then waits at
     * {@code barrier} before returning.
     */
    public AccountService(
            AccountStore store,
            ChallengeIndex index,
            KeyHasher hasher,
            CredentialGenerator generator,
            TxtConfig txt,
            Clock clock,
            int maxConcurrentBcrypt,
            WriteBarrier barrier) {
        this.store = store;
        this.index = index;
        this.hasher = hasher;
        this.generator = generator;
        this.txt = txt;
        this.clock = clock;
        this.bcrypt = new Semaphore(maxConcurrentBcrypt);
        this.writes = new SerialWriter(barrier);
        this.admin = new AccountAdministration(store, index, hasher, generator, writes);
    }

    /** Fills the DNS index from the store: every account, with no values served for disabled ones. */
    public void loadIndex() {
        // Streamed: millions of registrations load without an object per value; the store leaves out
        // the values of disabled accounts. Writers wait until it is done, so the API may already listen
        // while it runs: a load overwriting a newer value with the one it read would lose it from DNS.
        writes.exclusive(() -> {
            index.load(store);
            return null;
        });
    }

    /**
     * Runs {@code work} while no write of this node is between its commit and its publish to the index:
     * a change feed applying other nodes' changes must not overwrite a newer local publish with older state.
     */
    public void exclusive(Runnable work) {
        writes.exclusive(() -> {
            work.run();
            return null;
        });
    }

    /** The administrator's use cases, on this service's write path. */
    public AccountAdministration admin() {
        return admin;
    }

    public NewCredentials register(AllowFrom allowFrom) {
        return register(allowFrom, Optional.empty());
    }

    /** Creates an account, optionally bound to {@code domain} (already normalised). */
    public NewCredentials register(AllowFrom allowFrom, Optional<String> domain) {
        NewCredentials credentials = generator.generate();
        Account account = new Account(
                credentials.username(),
                hasher.hash(credentials.password()),
                credentials.subdomain(),
                allowFrom,
                clock.instant(),
                domain,
                false);
        return writes.write("could not store new account", () -> {
            store.create(account);
            index.replace(account.subdomain(), List.of());
            return credentials;
        });
    }

    /**
     * Returns the account whose key matches and whose allowfrom admits {@code client}; otherwise
     * throws {@code forbidden}. An unknown user pays for one bcrypt check like a real user would.
     */
    public Account authenticate(String username, String key, InetAddress client) {
        Optional<UUID> user = parseUuid(username);
        // The shapes of usernames and keys are public: refusing any other before bcrypt reveals nothing,
        // and a malformed guess costs no CPU.
        if (user.isEmpty() || !CredentialGenerator.isKeyShaped(key)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "malformed username or key");
        }
        if (!bcrypt.tryAcquire()) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "too many key checks at once", 1);
        }
        Optional<Account> account;
        try {
            account = find(user.get());
            if (account.isEmpty()) {
                hasher.burn(key);
                throw new ApiException(ErrorCode.FORBIDDEN, "unknown user");
            }
            if (!hasher.matches(key, account.get().keyHash())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "wrong key for " + username);
            }
        } finally {
            bcrypt.release();
        }
        if (account.get().disabled()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "account " + username + " is disabled");
        }
        if (!account.get().allowFrom().permits(client)) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "update from " + client.getHostAddress() + " outside allowfrom of " + username);
        }
        return account.get();
    }

    public List<TxtEntry> publish(Account account, TxtValue value) {
        return writes.write("could not store TXT value", () -> {
            List<TxtEntry> live = store.putTxt(account.subdomain(), value, clock.instant(), txt.maxValues());
            index.replace(account.subdomain(), live);
            return live;
        });
    }

    public List<TxtEntry> withdraw(Account account, TxtValue value) {
        return writes.write("could not delete TXT value", () -> {
            List<TxtEntry> live = store.deleteTxt(account.subdomain(), value);
            index.replace(account.subdomain(), live);
            return live;
        });
    }

    /** Deletes expired values from the store and from memory; a no-op when values live forever. */
    public int purgeExpired() {
        if (txt.lifetime().isZero()) {
            return 0;
        }
        return writes.exclusive(() -> {
            int purged = store.purgeExpired(clock.instant().minus(txt.lifetime()));
            index.dropExpired();
            return purged;
        });
    }

    /**
     * Checks whether the store can take writes now and remembers the answer for {@link #storeHealth}.
     * A change is logged once: an error when writes stop being possible, a line when they are again.
     * May wait up to the store's busy timeout: call it from a background schedule.
     */
    public StoreHealth checkStore() {
        StoreHealth now = store.check();
        StoreHealth before = health;
        health = now;
        if (now.state() != before.state()) {
            if (now.writable()) {
                LOG.info("the store takes writes again");
            } else if (now.state() == StoreHealth.State.DATABASE_GONE) {
                LOG.error(
                        "the store cannot take writes ({}): {}; writes answer 503 and DNS answers from memory"
                                + " until the database is restored and the server restarted",
                        now.reason(),
                        now.detail());
            } else {
                LOG.error("the store cannot take writes ({}): {}", now.reason(), now.detail());
            }
        }
        return now;
    }

    /** What the last {@link #checkStore} found (writable before the first). */
    public StoreHealth storeHealth() {
        return health;
    }

    private Optional<Account> find(UUID username) {
        return SerialWriter.unlocked("could not read account", () -> store.findByUsername(username));
    }

    private static Optional<UUID> parseUuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
