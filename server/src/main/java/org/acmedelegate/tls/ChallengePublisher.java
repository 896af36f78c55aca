package org.acmedelegate.tls;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;

/**
 * Puts the DNS-01 values of the API's own orders where DNS answers them: the store (so every node of a
 * cluster gets them through its change feed) and this node's in-memory index, with no HTTP round-trip.
 * They sit in the reserved registration {@link Subdomain#API_CERTIFICATE}, made on first use with a
 * random key that is never shown (nobody can update it through the API).
 */
final class ChallengePublisher {
    static final UUID USERNAME =
            UUID.nameUUIDFromBytes("acme-delegate API certificate".getBytes(StandardCharsets.US_ASCII));

    private final AccountStore store;
    private final ChallengeIndex index;
    private final AccountService service;
    private final java.time.Clock clock;
    private Account account;

    ChallengePublisher(AccountStore store, ChallengeIndex index, AccountService service, java.time.Clock clock) {
        this.store = store;
        this.index = index;
        this.service = service;
        this.clock = clock;
    }

    void publish(String digest) {
        service.publish(account(), new TxtValue(digest));
    }

    void withdraw(String digest) {
        service.withdraw(account(), new TxtValue(digest));
    }

    private synchronized Account account() {
        if (account != null) {
            return account;
        }
        Optional<Account> found = store.findByUsername(USERNAME);
        if (found.isPresent()) {
            account = found.get();
            return account;
        }
        String unusedKey =
                new CredentialGenerator(new SecureRandom()).generate().password();
        Account created = new Account(
                USERNAME,
                new KeyHasher(10).hash(unusedKey),
                Subdomain.API_CERTIFICATE,
                AllowFrom.ANY,
                clock.instant(),
                Optional.empty(),
                false);
        try {
            store.create(created);
        } catch (StoreException e) {
            // Another node made it at the same moment.
            account = store.findByUsername(USERNAME).orElseThrow(() -> e);
            return account;
        }
        index.replace(created.subdomain(), List.of());
        account = created;
        return account;
    }
}
