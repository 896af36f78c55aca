package org.acmedelegate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.TestClock;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.InMemoryAccountStore;
import org.acmedelegate.store.StoreSnapshot;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The administrator's use cases on the service, seen from the DNS index. */
class AccountAdministrationTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final TxtValue VALUE = new TxtValue("a".repeat(43));
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final ChallengeIndex index = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
    private final AccountService service =
            TestAccountService.create(store, index, new TxtConfig(4, Duration.ofHours(1)), clock);
    private final InetAddress client = InetAddress.getLoopbackAddress();

    private Account registerWithValue(NewCredentials c) {
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        service.publish(a, VALUE);
        return a;
    }

    @Test
    void deleteTakesTheNameOutOfDnsAtOnce() {
        NewCredentials c = service.register(AllowFrom.ANY, Optional.of("example.com"));
        Account a = registerWithValue(c);
        assertThat(service.admin().delete(a)).isTrue();
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).isNull();
        assertThat(service.admin().account(c.username().toString())).isEmpty();
    }

    @Test
    void rotatingAKeyStopsTheOldOneAtOnce() {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = service.authenticate(c.username().toString(), c.password(), client);
        String key = service.admin().rotateKey(a);
        assertThatThrownBy(() -> service.authenticate(c.username().toString(), c.password(), client))
                .isInstanceOf(ApiException.class);
        assertThat(service.authenticate(c.username().toString(), key, client).username())
                .isEqualTo(c.username());
    }

    @Test
    void aDisabledAccountIsNeitherAnsweredNorAllowedToUpdateAndComesBackWhenEnabled() {
        NewCredentials c = service.register(AllowFrom.ANY);
        Account a = registerWithValue(c);
        service.admin().setDisabled(a, true);
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).isEmpty();
        assertThatThrownBy(() -> service.authenticate(c.username().toString(), c.password(), client))
                .isInstanceOf(ApiException.class);
        // A restart keeps the values hidden.
        ChallengeIndex fresh = new ChallengeIndex(ZONE, clock, Duration.ofHours(1), 0);
        TestAccountService.create(store, fresh, TxtConfig.DEFAULT, clock).loadIndex();
        assertThat(fresh.txtValues(fresh.nameOf(a.subdomain()))).isEmpty();

        service.admin().setDisabled(a.withDisabled(true), false);
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).containsExactly(VALUE.value());
    }

    @Test
    void findsAccountsByUsernameOrSubdomain() {
        NewCredentials c = service.register(AllowFrom.ANY);
        assertThat(service.admin().account(c.subdomain().value())).isPresent();
        assertThat(service.admin().account(c.username().toString().toUpperCase()))
                .isPresent();
        assertThat(service.admin().account(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void refusesFastWhenEveryBcryptSlotIsBusy() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A store whose first read blocks holds the only bcrypt slot while the second caller arrives.
        AccountService capped = TestAccountService.create(
                new SlowStore(new InMemoryAccountStore(), inside, release), index, TxtConfig.DEFAULT, clock, 1);
        NewCredentials c = capped.register(AllowFrom.ANY);
        CompletableFuture<Account> first = CompletableFuture.supplyAsync(
                () -> capped.authenticate(c.username().toString(), c.password(), client));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> capped.authenticate(c.username().toString(), c.password(), client))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).username()).isEqualTo(c.username());
        assertThat(capped.authenticate(c.username().toString(), c.password(), client)
                        .username())
                .isEqualTo(c.username());
    }

    /** Delegates to a store, but the first read waits until the test lets it go. */
    private static final class SlowStore implements AccountStore {
        private final AccountStore store;
        private final CountDownLatch inside;
        private final CountDownLatch release;
        private final java.util.concurrent.atomic.AtomicBoolean first =
                new java.util.concurrent.atomic.AtomicBoolean(true);

        SlowStore(AccountStore store, CountDownLatch inside, CountDownLatch release) {
            this.store = store;
            this.inside = inside;
            this.release = release;
        }

        @Override
        public Optional<Account> findByUsername(UUID username) {
            if (first.getAndSet(false)) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return store.findByUsername(username);
        }

        @Override
        public void create(Account account) {
            store.create(account);
        }

        @Override
        public List<TxtEntry> putTxt(Subdomain subdomain, TxtValue value, Instant now, int keep) {
            return store.putTxt(subdomain, value, now, keep);
        }

        @Override
        public List<TxtEntry> txtEntries(Subdomain subdomain) {
            return store.txtEntries(subdomain);
        }

        @Override
        public List<TxtEntry> deleteTxt(Subdomain subdomain, TxtValue value) {
            return store.deleteTxt(subdomain, value);
        }

        @Override
        public int purgeExpired(Instant cutoff) {
            return store.purgeExpired(cutoff);
        }

        @Override
        public void update(Account account) {
            store.update(account);
        }

        @Override
        public boolean delete(UUID username) {
            return store.delete(username);
        }

        @Override
        public List<AccountRecord> list() {
            return store.list();
        }

        @Override
        public void recordCnameCheck(UUID username, CnameCheck check) {
            store.recordCnameCheck(username, check);
        }

        @Override
        public org.acmedelegate.store.StoreHealth check() {
            return store.check();
        }

        @Override
        public StoreSnapshot snapshot() {
            return store.snapshot();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    void listShowsTheLastUpdateTime() {
        NewCredentials c = service.register(AllowFrom.ANY);
        clock.advance(Duration.ofMinutes(3));
        registerWithValue(c);
        assertThat(service.admin().accounts())
                .singleElement()
                .satisfies(r -> assertThat(r.lastUpdate()).contains(Instant.parse("2026-01-01T00:03:00Z")));
        assertThat(service.admin().liveValues(service.admin().accounts().get(0).account()))
                .containsExactly(VALUE.value());
        assertThat(service.checkStore().writable()).isTrue();
    }
}
