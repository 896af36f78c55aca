package org.acmedelegate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.secrets.SecretsKeyFile;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class TsigKeysTest {
    private static final Name ZONE = Name.fromConstantString("acme.example.");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static Account account() {
        return new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                TestSubdomains.random(),
                AllowFrom.ANY,
                CLOCK.instant());
    }

    @Test
    void issuesAKeyNamedAfterTheSubdomainThatSurvivesARestartWithTheSameKeyFile() {
        Path db = dir.resolve("store.db");
        Account a = account();
        AccountTsigKey issued;
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            store.create(a);
            TsigKeys keys = new TsigKeys(store, store, box(), ZONE, new SecureRandom(), CLOCK);
            issued = keys.issue(a.username(), a.subdomain());
            assertThat(issued.name())
                    .isEqualTo(Name.fromConstantString(a.subdomain().value() + ".acme.example."));
            assertThat(issued.secret()).hasSize(32);
        }
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            TsigKeys keys = new TsigKeys(store, store, box(), ZONE, new SecureRandom(), CLOCK);
            keys.load();
            assertThat(keys.known(issued.name())).contains(issued);
        }
    }

    @Test
    void aRotatedKeyReplacesTheOldOneAndARemovedKeyIsGone() {
        try (SqliteAccountStore store = SqliteAccountStore.open(dir.resolve("store.db"))) {
            Account a = account();
            store.create(a);
            TsigKeys keys = new TsigKeys(store, store, box(), ZONE, new SecureRandom(), CLOCK);
            AccountTsigKey first = keys.issue(a.username(), a.subdomain());
            AccountTsigKey second = keys.issue(a.username(), a.subdomain());
            assertThat(second.secret()).isNotEqualTo(first.secret());
            assertThat(keys.known(first.name())).contains(second);
            assertThat(keys.remove(a.username())).isTrue();
            assertThat(keys.known(first.name())).isEmpty();
            assertThat(keys.has(a.username())).isFalse();
        }
    }

    @Test
    void aCopyOfTheDatabaseWithoutTheSecretsKeyFileHoldsNoUsableSecret() throws Exception {
        Path db = dir.resolve("live/store.db");
        Account a = account();
        AccountTsigKey issued;
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            store.create(a);
            issued = new TsigKeys(store, store, box(), ZONE, new SecureRandom(), CLOCK)
                    .issue(a.username(), a.subdomain());
        }
        Path copy = Files.createDirectories(dir.resolve("stolen")).resolve("store.db");
        Files.copy(db, copy);
        byte[] raw;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sealed_secret, key_name FROM tsig_keys")) {
            assertThat(rs.next()).isTrue();
            raw = rs.getBytes(1);
            assertThat(rs.getString(2)).isEqualTo(issued.nameText());
        }
        String base64 = issued.base64Secret();
        assertThat(indexOf(raw, issued.secret())).isEqualTo(-1);
        assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(base64);
        assertThat(indexOf(Files.readAllBytes(copy), issued.secret())).isEqualTo(-1);
        // Opened with a key file of its own, the copy yields no key at all.
        try (SqliteAccountStore store = SqliteAccountStore.open(copy)) {
            SecretBox stranger = SecretsKeyFile.loadOrCreate(dir.resolve("stolen/secrets.key"), new SecureRandom());
            TsigKeys keys = new TsigKeys(store, store, stranger, ZONE, new SecureRandom(), CLOCK);
            keys.load();
            assertThat(keys.size()).isZero();
        }
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(issued.secret());
    }

    private SecretBox box() {
        return SecretsKeyFile.loadOrCreate(dir.resolve("secrets.key"), new SecureRandom());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
