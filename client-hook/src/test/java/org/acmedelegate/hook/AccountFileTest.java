package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountFileTest {
    @TempDir
    Path dir;

    private static Account account(String sub) {
        return new Account(
                "user-" + sub,
                "pw-" + sub,
                sub + ".auth.example.org",
                sub,
                List.of("192.0.2.0/24"),
                "https://auth.example.org");
    }

    @Test
    void readsAGoacmednsFileAndNormalisesItsKeys() throws Exception {
        Path file = dir.resolve("lego.json");
        Files.writeString(file, """
                {"*.Example.com.": {"fulldomain": "a.auth.example.org", "subdomain": "a", "username": "u",
                                    "password": "p", "allowfrom": [], "server_url": "https://auth.example.org"},
                 "_acme-challenge.other.org": {"fulldomain": "b.auth.example.org", "subdomain": "b",
                                    "username": "u2", "password": "p2", "unknown": 1}}
                """);
        Map<DomainKey, Account> accounts = new AccountFile(file).readAll();
        assertThat(accounts).containsOnlyKeys(DomainKey.of("example.com"), DomainKey.of("other.org"));
        assertThat(accounts.get(DomainKey.of("example.com")).serverUrl()).isEqualTo("https://auth.example.org");
        assertThat(accounts.get(DomainKey.of("other.org")).serverUrl()).isNull();
        assertThat(accounts.get(DomainKey.of("other.org")).allowFrom()).isEmpty();
    }

    @Test
    void anAbsentFileHoldsNoAccounts() throws Exception {
        assertThat(new AccountFile(dir.resolve("none.json")).readAll()).isEmpty();
    }

    @Test
    void saveWritesTheSharedFormatWithMode0600AndKeepsOtherEntries() throws Exception {
        Path file = dir.resolve("sub/dir/accounts.json");
        AccountFile accounts = new AccountFile(file);
        accounts.save(DomainKey.of("example.com"), account("a"));
        accounts.save(DomainKey.of("*.other.org"), account("b"));

        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        String json = Files.readString(file);
        assertThat(json)
                .contains(
                        "\"example.com\"",
                        "\"other.org\"",
                        "\"server_url\"",
                        "\"fulldomain\"",
                        "\"subdomain\"",
                        "\"allowfrom\"",
                        "\"username\"",
                        "\"password\"");
        assertThat(new AccountFile(file).find(DomainKey.of("other.org"))).contains(account("b"));
        assertThat(new AccountFile(file).find(DomainKey.of("example.com"))).contains(account("a"));
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void saveReplacesAnExistingEntryForTheSameKey() throws Exception {
        AccountFile accounts = new AccountFile(dir.resolve("a.json"));
        accounts.save(DomainKey.of("example.com"), account("a"));
        accounts.save(DomainKey.of("_acme-challenge.example.com."), account("c"));
        assertThat(accounts.readAll()).hasSize(1).containsValue(account("c"));
    }

    @Test
    void aBrokenFileIsReportedWithoutItsContent() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"example.com\": {\"password\": \"hunter2-secret\", ");
        assertThatThrownBy(() -> new AccountFile(file).readAll())
                .isInstanceOf(HookException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("hunter2-secret")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.ACCOUNT_FILE);
    }

    @Test
    void scalarsAreReadAsTextAndTheLastOfRepeatedKeysWins() throws Exception {
        Path file = dir.resolve("loose.json");
        Files.writeString(file, """
                {"example.com": {"username": 42, "password": true, "fulldomain": "a.auth.example.org",
                                 "subdomain": "a", "subdomain": "b", "allowfrom": ["192.0.2.0/24", 7]},
                 "*.example.com": {"username": "u", "password": "p", "fulldomain": "c.auth.example.org",
                                   "subdomain": "c"},
                 "gone.org": {"username": "u", "password": "p", "fulldomain": "d.auth.example.org", "subdomain": "d"},
                 "gone.org": null}
                """);
        Map<DomainKey, Account> accounts = new AccountFile(file).readAll();
        assertThat(accounts).containsOnlyKeys(DomainKey.of("example.com"));
        assertThat(accounts.get(DomainKey.of("example.com")))
                .isEqualTo(new Account("u", "p", "c.auth.example.org", "c", List.of(), null));

        Files.writeString(file, """
                {"example.com": {"username": 42, "password": true, "fulldomain": "a.auth.example.org",
                                 "subdomain": "a", "subdomain": "b", "allowfrom": ["192.0.2.0/24", 7]}}
                """);
        assertThat(new AccountFile(file).readAll().get(DomainKey.of("example.com")))
                .isEqualTo(new Account("42", "true", "a.auth.example.org", "b", List.of("192.0.2.0/24", "7"), null));
    }

    @Test
    void onlyStrictJsonOfTheRightShapeIsAnAccountMap() throws Exception {
        String entry = "{\"username\": \"u\", \"password\": \"p\", \"fulldomain\": \"f.example.org\", "
                + "\"subdomain\": \"f\"}";
        Path file = dir.resolve("strict.json");
        for (String text : List.of(
                "null",
                "[]",
                "{\"example.com\": 1}",
                "{\"example.com\": " + entry + ",}",
                "// note\n{\"example.com\": " + entry + "}",
                "{'example.com': " + entry + "}",
                "\uFEFF{\"example.com\": " + entry + "}",
                "{\"example.com\": {\"username\": \"u\"}}",
                "{\"example.com\": {\"username\": [\"u\"]}}")) {
            Files.writeString(file, text);
            assertThatThrownBy(() -> new AccountFile(file).readAll())
                    .as(text)
                    .hasMessage("account file " + file + " is not a valid account map (line 1); fix or move it");
        }
        Files.writeString(file, "{\"not a name\": " + entry + "}");
        assertThatThrownBy(() -> new AccountFile(file).readAll())
                .hasMessage("account file " + file + " is not a valid account map; fix or move it");
    }

    @Test
    void defaultPathPrefersOurVariableThenLegosThenRootThenHome() {
        Map<String, String> both = Map.of("ACME_DELEGATE_ACCOUNTS", "/a.json", "ACME_DNS_STORAGE_PATH", "/b.json");
        assertThat(AccountFile.defaultPath(both, true, "/home/u")).isEqualTo(Path.of("/a.json"));
        assertThat(AccountFile.defaultPath(Map.of("ACME_DNS_STORAGE_PATH", "/b.json"), true, "/home/u"))
                .isEqualTo(Path.of("/b.json"));
        assertThat(AccountFile.defaultPath(Map.of(), true, "/root"))
                .isEqualTo(Path.of("/etc/acme-delegate/accounts.json"));
        assertThat(AccountFile.defaultPath(Map.of("HOME", "/home/u"), false, "/ignored"))
                .isEqualTo(Path.of("/home/u/.config/acme-delegate/accounts.json"));
        assertThat(AccountFile.defaultPath(Map.of("XDG_CONFIG_HOME", "/cfg"), false, "/home/u"))
                .isEqualTo(Path.of("/cfg/acme-delegate/accounts.json"));
        assertThat(AccountFile.defaultPath(Map.of(), false, "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/acme-delegate/accounts.json"));
    }
}
