package org.acmedelegate.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/** A store held in maps, for tests of the layers above the store; it passes the same contract. */
public class InMemoryAccountStore implements AccountStore, TsigKeyStore {
    private final Map<UUID, Account> accounts = new HashMap<>();
    private final Map<Subdomain, List<TxtEntry>> txt = new HashMap<>();
    private final Map<UUID, Instant> lastUpdate = new HashMap<>();
    private final Map<UUID, CnameCheck> cname = new HashMap<>();
    private final Map<UUID, StoredTsigKey> tsig = new HashMap<>();
    private long sequence;

    @Override
    public synchronized void create(Account account) {
        if (accounts.containsKey(account.username()) || txt.containsKey(account.subdomain())) {
            throw new StoreException("account exists");
        }
        accounts.put(account.username(), account);
        txt.put(account.subdomain(), new ArrayList<>());
    }

    @Override
    public synchronized Optional<Account> findByUsername(UUID username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public synchronized List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
        List<TxtEntry> entries = entriesOf(subdomain);
        entries.removeIf(e -> e.value().equals(value));
        entries.add(new TxtEntry(value, ++sequence, now));
        entries.sort(Comparator.comparingLong(TxtEntry::sequence).reversed());
        while (entries.size() > keep) {
            entries.remove(entries.size() - 1);
        }
        accounts.values().stream()
                .filter(a -> a.subdomain().equals(subdomain))
                .forEach(a -> lastUpdate.put(a.username(), now));
        return List.copyOf(entries);
    }

    @Override
    public synchronized List<TxtEntry> txtEntries(Subdomain subdomain) {
        return List.copyOf(txt.getOrDefault(subdomain, List.of()));
    }

    @Override
    public synchronized List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
        List<TxtEntry> entries = entriesOf(subdomain);
        entries.removeIf(e -> e.value().equals(value));
        return List.copyOf(entries);
    }

    @Override
    public synchronized int purgeExpired(Instant cutoff) {
        int before = txt.values().stream().mapToInt(List::size).sum();
        txt.values().forEach(list -> list.removeIf(e -> e.updatedAt().isBefore(cutoff)));
        return before - txt.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public synchronized void update(Account account) {
        Account old = accounts.get(account.username());
        if (old == null) {
            throw new StoreException("no such account");
        }
        if (!old.domain().equals(account.domain())) {
            cname.remove(account.username());
        }
        accounts.put(
                account.username(),
                new Account(
                        old.username(),
                        account.keyHash(),
                        old.subdomain(),
                        account.allowFrom(),
                        old.createdAt(),
                        account.domain(),
                        account.disabled()));
    }

    @Override
    public synchronized boolean delete(UUID username) {
        Account gone = accounts.remove(username);
        if (gone == null) {
            return false;
        }
        txt.remove(gone.subdomain());
        lastUpdate.remove(username);
        cname.remove(username);
        tsig.remove(username);
        return true;
    }

    @Override
    public synchronized List<AccountRecord> list() {
        return accounts.values().stream()
                .sorted(Comparator.comparing(Account::createdAt)
                        .thenComparing(a -> a.username().toString()))
                .map(a -> new AccountRecord(
                        a,
                        Optional.ofNullable(lastUpdate.get(a.username())),
                        Optional.ofNullable(cname.get(a.username()))))
                .toList();
    }

    @Override
    public synchronized void recordCnameCheck(UUID username, CnameCheck check) {
        if (accounts.containsKey(username)) {
            cname.put(username, check);
        }
    }

    @Override
    public synchronized void putTsigKey(StoredTsigKey key) {
        if (!accounts.containsKey(key.username())) {
            throw new StoreException("no account " + key.username());
        }
        boolean taken = tsig.values().stream()
                .anyMatch(
                        k -> k.keyName().equals(key.keyName()) && !k.username().equals(key.username()));
        if (taken) {
            throw new StoreException("key name taken");
        }
        tsig.put(key.username(), key);
    }

    @Override
    public synchronized boolean deleteTsigKey(UUID username) {
        return tsig.remove(username) != null;
    }

    @Override
    public synchronized List<StoredTsigKey> tsigKeys() {
        return tsig.values().stream()
                .sorted(Comparator.comparing(StoredTsigKey::keyName))
                .toList();
    }

    @Override
    public StoreHealth check() {
        return StoreHealth.WRITABLE;
    }

    @Override
    public synchronized StoreSnapshot snapshot() {
        Map<Subdomain, List<TxtEntry>> copy = new HashMap<>();
        txt.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        accounts.values().stream().filter(Account::disabled).forEach(a -> copy.put(a.subdomain(), List.of()));
        return new StoreSnapshot(copy);
    }

    @Override
    public void close() {}

    private List<TxtEntry> entriesOf(Subdomain subdomain) {
        List<TxtEntry> entries = txt.get(subdomain);
        if (entries == null) {
            throw new StoreException("no such subdomain");
        }
        return entries;
    }
}
