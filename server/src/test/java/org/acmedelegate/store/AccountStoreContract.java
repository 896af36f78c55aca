package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.account.TxtValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AccountStore} must have; each implementation's test extends this. */
public abstract class AccountStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected AccountStore store;

    protected abstract AccountStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Account account(String... allowFrom) {
        return new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                TestSubdomains.random(),
                AllowFrom.parse(List.of(allowFrom)),
                T0);
    }

    /** A new account, already in the store. */
    protected Account created() {
        Account a = account();
        store.create(a);
        return a;
    }

    protected static TxtValue txt(char c) {
        return new TxtValue(String.valueOf(c).repeat(43));
    }

    private static List<String> values(List<TxtEntry> entries) {
        return entries.stream().map(e -> e.value().value().substring(0, 1)).toList();
    }

    @Test
    void findsACreatedAccountWithAllItsFields() {
        Account a = account("192.0.2.0/24", "2001:db8::/32");
        store.create(a);
        assertThat(store.findByUsername(a.username())).contains(a);
    }

    @Test
    void findsNothingForAnUnknownUser() {
        assertThat(store.findByUsername(UUID.randomUUID())).isEmpty();
    }

    @Test
    void refusesASecondAccountWithTheSameUsernameOrSubdomain() {
        Account a = account();
        store.create(a);
        Account sameUser = new Account(a.username(), a.keyHash(), TestSubdomains.random(), AllowFrom.ANY, T0);
        Account sameSubdomain = new Account(UUID.randomUUID(), a.keyHash(), a.subdomain(), AllowFrom.ANY, T0);
        assertThatThrownBy(() -> store.create(sameUser)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.create(sameSubdomain)).isInstanceOf(StoreException.class);
    }

    @Test
    void returnsValuesNewestFirst() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        List<TxtEntry> live = store.putTxt(a.subdomain(), txt('b'), T0, 4);
        assertThat(values(live)).containsExactly("b", "a");
        assertThat(live.get(0).sequence()).isGreaterThan(live.get(1).sequence());
    }

    @Test
    void keepsOnlyTheNewestValuesUpToTheLimit() {
        Account a = account();
        store.create(a);
        for (char c : "abcde".toCharArray()) {
            store.putTxt(a.subdomain(), txt(c), T0, 4);
        }
        assertThat(values(store.snapshot().challenges().get(a.subdomain()))).containsExactly("e", "d", "c", "b");
    }

    @Test
    void sendingALiveValueAgainRefreshesItAndEvictsNothing() {
        Account a = account();
        store.create(a);
        for (char c : "abcd".toCharArray()) {
            store.putTxt(a.subdomain(), txt(c), T0, 4);
        }
        List<TxtEntry> live = store.putTxt(a.subdomain(), txt('a'), T0.plusSeconds(5), 4);
        assertThat(values(live)).containsExactly("a", "d", "c", "b");
        assertThat(live.get(0).updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void readsTheValuesOfOneSubdomainNewestFirst() {
        Account a = account();
        Account other = account();
        store.create(a);
        store.create(other);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.putTxt(a.subdomain(), txt('b'), T0, 4);
        store.putTxt(other.subdomain(), txt('c'), T0, 4);
        assertThat(values(store.txtEntries(a.subdomain()))).containsExactly("b", "a");
        assertThat(store.txtEntries(TestSubdomains.random())).isEmpty();
    }

    @Test
    void deletesOnlyTheNamedValue() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.putTxt(a.subdomain(), txt('b'), T0, 4);
        assertThat(values(store.deleteTxt(a.subdomain(), txt('a')))).containsExactly("b");
        assertThat(values(store.deleteTxt(a.subdomain(), txt('z')))).containsExactly("b");
    }

    @Test
    void sequenceNeverGoesBackAfterADelete() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        long b = store.putTxt(a.subdomain(), txt('b'), T0, 4).get(0).sequence();
        store.deleteTxt(a.subdomain(), txt('b'));
        long c = store.putTxt(a.subdomain(), txt('c'), T0, 4).get(0).sequence();
        assertThat(c).isGreaterThan(b);
    }

    @Test
    void refusesValuesForASubdomainNobodyOwns() {
        assertThatThrownBy(() -> store.putTxt(TestSubdomains.random(), txt('a'), T0, 4))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void purgesOnlyValuesOlderThanTheCutoff() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.putTxt(a.subdomain(), txt('b'), T0.plusSeconds(100), 4);
        assertThat(store.purgeExpired(T0.plusSeconds(50))).isEqualTo(1);
        assertThat(values(store.snapshot().challenges().get(a.subdomain()))).containsExactly("b");
    }

    @Test
    void snapshotHoldsEverySubdomainIncludingThoseWithoutValues() {
        Account empty = account();
        Account full = account();
        store.create(empty);
        store.create(full);
        store.putTxt(full.subdomain(), txt('a'), T0, 4);
        StoreSnapshot snapshot = store.snapshot();
        assertThat(snapshot.challenges()).containsKeys(empty.subdomain(), full.subdomain());
        assertThat(snapshot.challenges().get(empty.subdomain())).isEmpty();
        assertThat(values(snapshot.challenges().get(full.subdomain()))).containsExactly("a");
    }

    @Test
    void keepsValuesOfDifferentSubdomainsApart() {
        Account a = account();
        Account b = account();
        store.create(a);
        store.create(b);
        store.putTxt(a.subdomain(), txt('a'), T0, 1);
        store.putTxt(b.subdomain(), txt('b'), T0, 1);
        assertThat(values(store.snapshot().challenges().get(a.subdomain()))).containsExactly("a");
    }

    @Test
    void updateChangesKeyAllowfromDomainAndDisabledButNothingElse() {
        Account a = account();
        store.create(a);
        Account changed = a.withKeyHash("$2a$04$zzzzzzzzzzzzzzzzzzzzzu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu")
                .withAllowFrom(AllowFrom.parse(List.of("10.0.0.0/8")))
                .withDomain(Optional.of("example.com"))
                .withDisabled(true);
        store.update(changed);
        assertThat(store.findByUsername(a.username())).contains(changed);
    }

    @Test
    void updateOfAnUnknownAccountFails() {
        assertThatThrownBy(() -> store.update(account())).isInstanceOf(StoreException.class);
    }

    @Test
    void createKeepsDomainAndDisabled() {
        Account a = account().withDomain(Optional.of("example.net")).withDisabled(true);
        store.create(a);
        assertThat(store.findByUsername(a.username())).contains(a);
    }

    @Test
    void deleteRemovesTheAccountAndItsValues() {
        Account a = account();
        Account other = account();
        store.create(a);
        store.create(other);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        assertThat(store.delete(a.username())).isTrue();
        assertThat(store.delete(a.username())).isFalse();
        assertThat(store.findByUsername(a.username())).isEmpty();
        assertThat(store.snapshot().challenges())
                .doesNotContainKey(a.subdomain())
                .containsKey(other.subdomain());
        // The subdomain is free again, and its old values do not come back.
        store.create(new Account(UUID.randomUUID(), a.keyHash(), a.subdomain(), AllowFrom.ANY, T0));
        assertThat(store.snapshot().challenges().get(a.subdomain())).isEmpty();
    }

    @Test
    void listShowsEveryAccountOldestFirstWithLastUpdateAndCnameCheck() {
        Account first = account();
        Account second = new Account(
                UUID.randomUUID(), first.keyHash(), TestSubdomains.random(), AllowFrom.ANY, T0.plusSeconds(1));
        store.create(second);
        store.create(first);
        store.putTxt(first.subdomain(), txt('a'), T0.plusSeconds(30), 4);
        CnameCheck check =
                new CnameCheck(CnameCheck.Status.ELSEWHERE, Optional.of("other.example."), T0.plusSeconds(60));
        store.recordCnameCheck(second.username(), check);
        List<AccountRecord> all = store.list();
        assertThat(all).extracting(AccountRecord::account).containsExactly(first, second);
        assertThat(all.get(0).lastUpdate()).contains(T0.plusSeconds(30));
        assertThat(all.get(0).cname()).isEmpty();
        assertThat(all.get(1).lastUpdate()).isEmpty();
        assertThat(all.get(1).cname()).contains(check);
    }

    @Test
    void aNewDomainForgetsTheLastCnameCheckButOtherChangesKeepIt() {
        Account a = account().withDomain(Optional.of("example.com"));
        store.create(a);
        CnameCheck check = new CnameCheck(CnameCheck.Status.OK, Optional.of("x.auth.example.org."), T0);
        store.recordCnameCheck(a.username(), check);
        store.update(a.withDisabled(true));
        assertThat(store.list().get(0).cname()).contains(check);
        store.update(a.withDomain(Optional.of("example.net")));
        assertThat(store.list().get(0).cname()).isEmpty();
    }

    @Test
    void snapshotAndScanLeaveOutTheValuesOfADisabledAccountButKeepItsName() {
        Account a = account();
        store.create(a);
        store.putTxt(a.subdomain(), txt('a'), T0, 4);
        store.update(a.withDisabled(true));
        assertThat(store.snapshot().challenges()).containsEntry(a.subdomain(), List.of());
        List<String> scanned = new java.util.ArrayList<>();
        store.scanChallenges((subdomain, value, seq, at) ->
                scanned.add(subdomain + "=" + (value == null ? null : new String(value, StandardCharsets.US_ASCII))));
        assertThat(scanned).containsExactly(a.subdomain() + "=null");

        assertThat(values(store.txtEntries(a.subdomain())))
                .as("kept while disabled")
                .containsExactly("a");
        store.update(a.withDisabled(false));
        assertThat(values(store.snapshot().challenges().get(a.subdomain()))).containsExactly("a");
    }

    @Test
    void countsEveryAccountDisabledOnesIncluded() {
        assertThat(store.accountCount()).isZero();
        Account a = account();
        store.create(a);
        store.create(account());
        store.update(a.withDisabled(true));
        assertThat(store.accountCount()).isEqualTo(2);
        store.delete(a.username());
        assertThat(store.accountCount()).isEqualTo(1);
    }

    @Test
    void recordingACheckForAGoneAccountDoesNothing() {
        store.recordCnameCheck(UUID.randomUUID(), new CnameCheck(CnameCheck.Status.OK, Optional.empty(), T0));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anOpenStoreIsWritable() {
        assertThat(store.check()).isEqualTo(StoreHealth.WRITABLE);
    }

    private TsigKeyStore keys() {
        return (TsigKeyStore) store;
    }

    private static StoredTsigKey tsigKey(Account a, String name, byte sealed) {
        return new StoredTsigKey(a.username(), name, "hmac-sha256", new byte[] {sealed, 1, 2, 3}, T0);
    }

    @Test
    void keepsOneTsigKeyPerAccountAndARotationReplacesIt() {
        Account a = account();
        store.create(a);
        keys().putTsigKey(tsigKey(a, "a.zone.example.", (byte) 7));
        keys().putTsigKey(tsigKey(a, "a.zone.example.", (byte) 9));
        assertThat(keys().tsigKeys()).singleElement().satisfies(k -> {
            assertThat(k.username()).isEqualTo(a.username());
            assertThat(k.keyName()).isEqualTo("a.zone.example.");
            assertThat(k.algorithm()).isEqualTo("hmac-sha256");
            assertThat(k.sealedSecret()).containsExactly(9, 1, 2, 3);
            assertThat(k.createdAt()).isEqualTo(T0);
        });
    }

    @Test
    void removesATsigKeyAndSaysWhetherThereWasOne() {
        Account a = account();
        store.create(a);
        keys().putTsigKey(tsigKey(a, "a.zone.example.", (byte) 7));
        assertThat(keys().deleteTsigKey(a.username())).isTrue();
        assertThat(keys().deleteTsigKey(a.username())).isFalse();
        assertThat(keys().tsigKeys()).isEmpty();
    }

    @Test
    void deletingAnAccountDeletesItsTsigKey() {
        Account a = account();
        Account b = account();
        store.create(a);
        store.create(b);
        keys().putTsigKey(tsigKey(a, "a.zone.example.", (byte) 1));
        keys().putTsigKey(tsigKey(b, "b.zone.example.", (byte) 2));
        store.delete(a.username());
        assertThat(keys().tsigKeys()).extracting(StoredTsigKey::keyName).containsExactly("b.zone.example.");
    }

    @Test
    void refusesATsigKeyForNoAccountOrWithAnotherAccountsKeyName() {
        Account a = account();
        Account b = account();
        store.create(a);
        store.create(b);
        keys().putTsigKey(tsigKey(a, "a.zone.example.", (byte) 1));
        assertThatThrownBy(() -> keys().putTsigKey(tsigKey(b, "a.zone.example.", (byte) 2)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> keys().putTsigKey(tsigKey(account(), "c.zone.example.", (byte) 3)))
                .isInstanceOf(StoreException.class);
        assertThat(keys().tsigKeys()).extracting(StoredTsigKey::username).containsExactly(a.username());
    }
}
