package org.acmedelegate.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.acmedelegate.dns.tsig.TsigKeyring;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.StoredTsigKey;
import org.acmedelegate.store.TsigKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The accounts' TSIG keys: issued (or replaced) and removed through the store, with the secret sealed by
 * the {@link SecretBox}; held opened in memory by key name for the DNS path, which never reads the
 * database: a name memory does not know is BADKEY at once, so a flood of unknown key names costs no
 * database work. In a cluster, the change follower calls {@link #reread} when another node changes a key.
 */
public final class TsigKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TsigKeys.class);
    private final TsigKeyStore store;
    private final AccountStore accounts;
    private final SecretBox box;
    private final Name zone;
    private final SecureRandom random;
    private final Clock clock;
    private volatile Map<Name, AccountTsigKey> byName = Map.of();
    // _acme-challenge.<domain>. of each key holder bound to a domain, for signed queries on the event loop.
    private volatile Map<UUID, Name> apexes = Map.of();

    public TsigKeys(
            TsigKeyStore store, AccountStore accounts, SecretBox box, Name zone, SecureRandom random, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.box = box;
        this.zone = zone;
        this.random = random;
        this.clock = clock;
    }

    /** Reads every stored key; one that does not open is left out and logged (by name, never its secret). */
    public synchronized void load() {
        Map<Name, AccountTsigKey> keys = new HashMap<>();
        for (StoredTsigKey stored : store.tsigKeys()) {
            open(stored).ifPresent(key -> keys.put(key.name(), key));
        }
        Map<UUID, Name> bound = new HashMap<>();
        for (AccountTsigKey key : keys.values()) {
            accounts.findByUsername(key.username())
                    .flatMap(a -> apexOf(a.domain()))
                    .ifPresent(apex -> bound.put(key.username(), apex));
        }
        byName = Map.copyOf(keys);
        apexes = Map.copyOf(bound);
    }

    /**
     * Re-reads the key of {@code username} after another node of a cluster issued, rotated or removed it (the
     * store announced the change): from when this returns, the new key verifies and the old one fails.
     */
    public synchronized void reread(UUID username) {
        Optional<AccountTsigKey> key = store.tsigKey(username).flatMap(this::open);
        Map<Name, AccountTsigKey> keys = new HashMap<>(byName);
        keys.values().removeIf(k -> k.username().equals(username));
        key.ifPresent(k -> keys.put(k.name(), k));
        byName = Map.copyOf(keys);
        domainChanged(
                username,
                key.isEmpty()
                        ? Optional.empty()
                        : accounts.findByUsername(username).flatMap(a -> a.domain()));
    }

    private Optional<AccountTsigKey> open(StoredTsigKey stored) {
        try {
            Name name = Name.fromString(stored.keyName());
            byte[] secret = box.open(stored.sealedSecret(), context(stored.username(), stored.keyName()));
            TsigKey key = new TsigKey(name, TsigAlgorithm.parse(stored.algorithm()), secret);
            return Optional.of(new AccountTsigKey(key, stored.username(), subdomainOf(name)));
        } catch (SecretBox.SecretException | TextParseException | IllegalArgumentException e) {
            LOG.error(
                    "TSIG key {} of account {} cannot be used: {}",
                    stored.keyName(),
                    stored.username(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code _acme-challenge.<domain>.} of a key holder bound to a domain, from memory. */
    public Optional<Name> challengeApex(UUID username) {
        return Optional.ofNullable(apexes.get(username));
    }

    /** Tells of an account's new domain binding (or none), so signed queries follow it at once. */
    public synchronized void domainChanged(UUID username, Optional<String> domain) {
        Map<UUID, Name> bound = new HashMap<>(apexes);
        bound.remove(username);
        apexOf(domain).ifPresent(apex -> bound.put(username, apex));
        apexes = Map.copyOf(bound);
    }

    private static Optional<Name> apexOf(Optional<String> domain) {
        try {
            return domain.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Name.fromString("_acme-challenge." + domain.get() + "."));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Gives the account of {@code username} a new key named {@code <subdomain>.<zone>.}, replacing any it had
     * (the old secret fails from the moment this returns); the returned key is the only time its secret leaves.
     */
    public AccountTsigKey issue(UUID username, Subdomain subdomain) {
        Name name = nameFor(subdomain);
        byte[] secret = new byte[AccountTsigKey.SECRET_BYTES];
        random.nextBytes(secret);
        AccountTsigKey key = new AccountTsigKey(name, username, subdomain, secret);
        String text = key.nameText();
        try {
            store.putTsigKey(new StoredTsigKey(
                    username,
                    text,
                    AccountTsigKey.ALGORITHM.text(),
                    box.seal(secret, context(username, text)),
                    clock.instant()));
        } catch (StoreException e) {
            throw new ApiException(
                    e.kind() == StoreException.Kind.UNAVAILABLE ? ErrorCode.UNAVAILABLE : ErrorCode.DB_ERROR,
                    "could not store TSIG key",
                    e);
        }
        synchronized (this) {
            Map<Name, AccountTsigKey> keys = new HashMap<>(byName);
            keys.values().removeIf(k -> k.username().equals(username));
            keys.put(name, key);
            byName = Map.copyOf(keys);
        }
        domainChanged(username, accounts.findByUsername(username).flatMap(a -> a.domain()));
        return key;
    }

    /** Removes the account's key; returns false when it had none. */
    public boolean remove(UUID username) {
        boolean removed;
        try {
            removed = store.deleteTsigKey(username);
        } catch (StoreException e) {
            throw new ApiException(
                    e.kind() == StoreException.Kind.UNAVAILABLE ? ErrorCode.UNAVAILABLE : ErrorCode.DB_ERROR,
                    "could not delete TSIG key",
                    e);
        }
        forget(username);
        return removed;
    }

    /** Drops an account's key from memory (the store dropped it with the account). */
    public synchronized void forget(UUID username) {
        Map<Name, AccountTsigKey> keys = new HashMap<>(byName);
        keys.values().removeIf(k -> k.username().equals(username));
        byName = Map.copyOf(keys);
        domainChanged(username, Optional.empty());
    }

    /** Whether the account has a key now. */
    public boolean has(UUID username) {
        return byName.values().stream().anyMatch(k -> k.username().equals(username));
    }

    /** The key of this name from memory, without ever touching the store: for the query path. */
    public Optional<AccountTsigKey> known(Name name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The keys as a {@link TsigKeyring} from memory only, for the event loop (signed queries). */
    public TsigKeyring inMemory() {
        return name -> known(name).map(AccountTsigKey::key);
    }

    /** How many keys are in memory. */
    public int size() {
        return byName.size();
    }

    /** The name of the key an account with this subdomain gets. */
    public Name nameFor(Subdomain subdomain) {
        try {
            return Name.concatenate(Name.fromString(subdomain.value()), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("no key name for subdomain " + subdomain, e);
        }
    }

    private Subdomain subdomainOf(Name keyName) {
        if (keyName.labels() != zone.labels() + 1 || !keyName.subdomain(zone)) {
            throw new IllegalArgumentException("key name " + keyName + " is not one label under " + zone);
        }
        return new Subdomain(keyName.getLabelString(0).toLowerCase(Locale.ROOT));
    }

    // Binds a sealed secret to its row: copied to another account or renamed, it no longer opens.
    private static String context(UUID username, String keyName) {
        return "tsig:" + username + ":" + keyName;
    }
}
