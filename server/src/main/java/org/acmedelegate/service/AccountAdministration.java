package org.acmedelegate.service;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.TxtEntry;

/**
 * The administrator's use cases: list and find accounts, delete one, rotate its key, change its allowfrom,
 * domain or disabled state, check its CNAME. Changes take the service's one write path, so they are ordered
 * with the API's writes and DNS answers them before they return. Get it from {@link AccountService#admin()}.
 */
public final class AccountAdministration {
    private final AccountStore store;
    private final ChallengeIndex index;
    private final KeyHasher hasher;
    private final CredentialGenerator generator;
    private final SerialWriter writes;

    AccountAdministration(
            AccountStore store,
            ChallengeIndex index,
            KeyHasher hasher,
            CredentialGenerator generator,
            SerialWriter writes) {
        this.store = store;
        this.index = index;
        this.hasher = hasher;
        this.generator = generator;
        this.writes = writes;
    }

    /** Every account with its last update, CNAME status and live values count, oldest first. */
    public List<AccountRecord> accounts() {
        return SerialWriter.unlocked("could not list accounts", store::list);
    }

    /** The account whose username or subdomain is {@code id}. */
    public Optional<AccountRecord> account(String id) {
        String key = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return accounts().stream()
                .filter(r -> r.account().username().toString().equals(key)
                        || r.account().subdomain().value().equals(key))
                .findFirst();
    }

    /** The live TXT values of an account as DNS answers them now. */
    public List<String> liveValues(Account account) {
        List<String> values = index.txtValues(index.nameOf(account.subdomain()));
        return values == null ? List.of() : values;
    }

    /** Deletes an account; its TXT values leave DNS before this returns. */
    public boolean delete(Account account) {
        return writes.write("could not delete account", () -> {
            boolean gone = store.delete(account.username());
            index.remove(account.subdomain());
            return gone;
        });
    }

    /** Gives an account a new key, returned once; the old key fails from the moment this returns. */
    public String rotateKey(Account account) {
        String key = generator.generate().password();
        change(account.withKeyHash(hasher.hash(key)));
        return key;
    }

    public Account setAllowFrom(Account account, AllowFrom allowFrom) {
        return change(account.withAllowFrom(allowFrom));
    }

    public Account setDomain(Account account, Optional<String> domain) {
        return change(account.withDomain(domain));
    }

    /** Disables (no updates, no TXT answers) or enables (values answered again) an account. */
    public Account setDisabled(Account account, boolean disabled) {
        Account changed = account.withDisabled(disabled);
        return writes.write("could not change account", () -> {
            store.update(changed);
            List<TxtEntry> live = disabled ? List.of() : store.txtEntries(account.subdomain());
            index.replace(account.subdomain(), live);
            return changed;
        });
    }

    /** Checks the CNAME of a bound account now and stores the result; empty when it names no domain. */
    public Optional<CnameCheck> checkCname(Account account, CnameVerifier verifier) {
        if (account.domain().isEmpty()) {
            return Optional.empty();
        }
        CnameCheck check = verifier.check(account.domain().get(), index.nameOf(account.subdomain()));
        SerialWriter.unlocked("could not store CNAME check", () -> {
            store.recordCnameCheck(account.username(), check);
            return null;
        });
        return Optional.of(check);
    }

    private Account change(Account changed) {
        return writes.write("could not change account", () -> {
            store.update(changed);
            return changed;
        });
    }
}
