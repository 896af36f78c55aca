package org.acmedelegate.service;

import java.security.SecureRandom;
import java.time.Clock;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.AccountStore;

/** An account service for tests: the cheapest bcrypt cost, real credentials, no write barrier. */
public final class TestAccountService {
    private TestAccountService() {}

    public static AccountService create(AccountStore store, ChallengeIndex index, TxtConfig txt, Clock clock) {
        return create(store, index, txt, clock, 1024);
    }

    public static AccountService create(
            AccountStore store, ChallengeIndex index, TxtConfig txt, Clock clock, int maxConcurrentBcrypt) {
        return new AccountService(
                store,
                index,
                new KeyHasher(4),
                new CredentialGenerator(new SecureRandom()),
                txt,
                clock,
                maxConcurrentBcrypt,
                WriteBarrier.NONE);
    }
}
