package org.acmedelegate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.acmedelegate.TestClock;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.InMemoryAccountStore;
import org.acmedelegate.store.StoreException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class AccountServiceTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ChallengeIndex index = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
    private final AccountService service =
            TestAccountService.create(new InMemoryAccountStore(), index, new TxtConfig(2, Duration.ofHours(1)), clock);
    private final InetAddress client = InetAddress.getLoopbackAddress();

    private static TxtValue txt(char c) {
        return new TxtValue(String.valueOf(c).repeat(43));
    }

    @Test
    void aRegisteredNameExistsInTheIndexAtOnceWithoutValues() {
        NewCredentials c = service.register(AllowFrom.ANY);
        assertThat(index.txtValues(index.nameOf(c.subdomain()))).isEmpty();
    }

    // The API listens while a large start-up still loads the index: a value published meanwhile must not
    // be overwritten by the older rows the load read before it.
    @Test
    void aValuePublishedDuringTheIndexLoadWaitsForItAndSurvivesIt() throws Exception {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        service.publish(a, txt('a'));
        java.util.concurrent.CountDownLatch scanning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InMemoryAccountStore shared = new InMemoryAccountStore() {
            @Override
            public void scanChallenges(ChallengeRows rows) {
                // Reads everything first, then stalls before handing the rows over, like a long scan.
                List<Runnable> read = new java.util.ArrayList<>();
                super.scanChallenges((sub, v, seq, at) -> read.add(() -> rows.row(sub, v, seq, at)));
                scanning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                read.forEach(Runnable::run);
            }
        };
        ChallengeIndex fresh = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
        AccountService restarted =
                TestAccountService.create(shared, fresh, new TxtConfig(2, Duration.ofHours(1)), clock);
        shared.create(a);
        shared.putTxt(a.subdomain(), txt('a'), clock.instant(), 2);

        Thread load = new Thread(restarted::loadIndex);
        load.start();
        scanning.await();
        Thread update = new Thread(() -> restarted.publish(a, txt('b')));
        update.start();
        update.join(300);
        assertThat(update.isAlive()).as("the update waits for the load").isTrue();
        release.countDown();
        load.join();
        update.join();
        assertThat(fresh.txtValues(fresh.nameOf(a.subdomain()))).containsExactly("b".repeat(43), "a".repeat(43));
    }

    @Test
    void publishedValuesAreInTheIndexWhenPublishReturns() {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        service.publish(a, txt('a'));
        service.publish(a, txt('b'));
        service.publish(a, txt('c'));
        assertThat(index.txtValues(index.nameOf(c.subdomain()))).containsExactly("c".repeat(43), "b".repeat(43));
        service.withdraw(a, txt('c'));
        assertThat(index.txtValues(index.nameOf(c.subdomain()))).containsExactly("b".repeat(43));
    }

    @Test
    void valuesStopBeingServedAfterTheirLifetime() {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        service.publish(a, txt('a'));
        clock.advance(Duration.ofMinutes(61));
        assertThat(index.txtValues(index.nameOf(c.subdomain()))).isEmpty();
    }

    @Test
    void purgeRemovesExpiredValuesAndKeepsLiveOnes() {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        service.publish(a, txt('a'));
        clock.advance(Duration.ofMinutes(40));
        service.publish(a, txt('b'));
        clock.advance(Duration.ofMinutes(30));
        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(index.txtValues(index.nameOf(c.subdomain()))).containsExactly("b".repeat(43));
    }

    @Test
    void refusesWrongKeysUnknownUsersAndAddressesOutsideAllowFrom() throws Exception {
        NewCredentials c = service.register(AllowFrom.parse(List.of("192.0.2.0/24")));
        String user = c.username().toString();
        InetAddress inside = InetAddress.getByName("192.0.2.9");
        assertThat(service.authenticate(user, c.password(), inside).subdomain()).isEqualTo(c.subdomain());
        for (Runnable call : List.<Runnable>of(
                () -> service.authenticate(user, c.password() + "x", inside),
                () -> service.authenticate(user, null, inside),
                () -> service.authenticate(null, c.password(), inside),
                () -> service.authenticate("not-a-uuid", c.password(), inside),
                () -> service.authenticate(java.util.UUID.randomUUID().toString(), c.password(), inside),
                () -> service.authenticate(user, c.password(), client))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.FORBIDDEN));
        }
    }

    @Test
    void malformedUsernamesAndKeysAreRefusedBeforeAnyBcryptWork() {
        // No bcrypt slot at all: a request that reached bcrypt would be refused as busy, not as forbidden.
        AccountService noBcrypt = TestAccountService.create(
                new InMemoryAccountStore(), index, new TxtConfig(2, Duration.ofHours(1)), clock, 0);
        String user = java.util.UUID.randomUUID().toString();
        String key = "Ab0-_".repeat(8);
        List<List<String>> malformed = List.of(
                List.of("not-a-uuid", key),
                List.of(user + "0", key),
                List.of(user, key.substring(1)),
                List.of(user, key + "A"),
                List.of(user, key.substring(1) + "!"),
                List.of(user, key.substring(1) + "\u00e9"),
                List.of(user, key.substring(1) + " "));
        for (List<String> credentials : malformed) {
            assertThatThrownBy(() -> noBcrypt.authenticate(credentials.get(0), credentials.get(1), client))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.FORBIDDEN));
        }
        assertThatThrownBy(() -> noBcrypt.authenticate(null, key, client))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> noBcrypt.authenticate(user, key, client))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void everyGeneratedKeyHasTheShapeTheCheckAccepts() {
        CredentialGenerator generator = new CredentialGenerator(new SecureRandom());
        for (int i = 0; i < 200; i++) {
            assertThat(CredentialGenerator.isKeyShaped(generator.generate().password()))
                    .isTrue();
        }
    }

    @Test
    void aStoreThatCannotBeReachedAsksForARetryWhileAFailedWriteIsADbError() {
        for (StoreException.Kind kind : StoreException.Kind.values()) {
            AccountService failing = TestAccountService.create(
                    new InMemoryAccountStore() {
                        @Override
                        public void create(Account account) {
                            throw new StoreException(kind, "test failure", null);
                        }
                    },
                    index,
                    new TxtConfig(2, Duration.ofHours(1)),
                    clock);
            assertThatThrownBy(() -> failing.register(AllowFrom.ANY)).isInstanceOfSatisfying(ApiException.class, e -> {
                if (kind == StoreException.Kind.UNAVAILABLE) {
                    assertThat(e.error()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).isEqualTo(SerialWriter.STORE_RETRY_AFTER_SECONDS);
                } else {
                    assertThat(e.error()).isEqualTo(ErrorCode.DB_ERROR);
                    assertThat(e.retryAfterSeconds()).isZero();
                }
            });
        }
        assertThat(index.size()).isZero();
    }
}
