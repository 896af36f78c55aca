package org.acmedelegate.service;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.ChallengeIndex;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.TxtEntry;

/**
 * The API's use cases: register, authenticate, publish and withdraw a TXT value. Every change is
 * committed to the store first and then published to the DNS index, so a value is answered by DNS
 * before the caller hears it was accepted, and nothing is answered that was not committed.
 */
public final class AccountService {
    private final AccountStore store;
    private final ChallengeIndex index;
    private final KeyHasher hasher;
    private final CredentialGenerator generator;
    private final TxtConfig txt;
    private final Clock clock;
    // Store write and index publish happen as one step, so two updates of one name cannot publish out of order.
    private final ReentrantLock writeLock = new ReentrantLock();

    public AccountService(AccountStore store, ChallengeIndex index, KeyHasher hasher,
                          CredentialGenerator generator, TxtConfig txt, Clock clock) {
        this.store = store;
        this.index = index;
        this.hasher = hasher;
        this.generator = generator;
        this.txt = txt;
        this.clock = clock;
    }

    public NewCredentials register(AllowFrom allowFrom) {
        NewCredentials credentials = generator.generate();
        Account account = new Account(credentials.username(), hasher.hash(credentials.password()),
                credentials.subdomain(), allowFrom, clock.instant());
        writeLock.lock();
        try {
            store.create(account);
            index.replace(account.subdomain(), List.of());
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.DB_ERROR, "could not store new account", e);
        } finally {
            writeLock.unlock();
        }
        return credentials;
    }

    /**
     * Returns the account whose key matches and whose allowfrom admits {@code client}; otherwise
     * throws {@code forbidden}. Bad input pays for one bcrypt check like a real user would.
     */
    public Account authenticate(String username, String key, InetAddress client) {
        Optional<Account> account = parseUuid(username).flatMap(this::find);
        if (account.isEmpty() || key == null) {
            hasher.burn(key);
            throw new ApiException(ErrorCode.FORBIDDEN, "unknown user");
        }
        if (!hasher.matches(key, account.get().keyHash())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "wrong key for " + username);
        }
        if (!account.get().allowFrom().permits(client)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "update from " + client.getHostAddress()
                    + " outside allowfrom of " + username);
        }
        return account.get();
    }

    public List<TxtEntry> publish(Account account, TxtValue value) {
        writeLock.lock();
        try {
            List<TxtEntry> live = store.putTxt(account.subdomain(), value, clock.instant(), txt.maxValues());
            index.replace(account.subdomain(), live);
            return live;
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.DB_ERROR, "could not store TXT value", e);
        } finally {
            writeLock.unlock();
        }
    }

    public List<TxtEntry> withdraw(Account account, TxtValue value) {
        writeLock.lock();
        try {
            List<TxtEntry> live = store.deleteTxt(account.subdomain(), value);
            index.replace(account.subdomain(), live);
            return live;
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.DB_ERROR, "could not delete TXT value", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes expired values from the store and from memory; a no-op when values live forever. */
    public int purgeExpired() {
        if (txt.lifetime().isZero()) {
            return 0;
        }
        writeLock.lock();
        try {
            int purged = store.purgeExpired(clock.instant().minus(txt.lifetime()));
            index.dropExpired();
            return purged;
        } finally {
            writeLock.unlock();
        }
    }

    private Optional<Account> find(UUID username) {
        try {
            return store.findByUsername(username);
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.DB_ERROR, "could not read account", e);
        }
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
