package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsExactlyTheRecordToCreateAndSavesTheAccount() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run(
                "register",
                "--server",
                "https://auth.example.org",
                "--domain",
                "*.Example.com",
                "--allow-from",
                "192.0.2.0/24",
                "--allow-from",
                "198.51.100.7/32");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("_acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".\n");
        assertThat(r.err()).contains(cli.accounts.toString()).doesNotContain(FakeApiServer.PASSWORD);
        assertThat(cli.calls)
                .extracting(CliHarness.Call::what)
                .containsExactly("register https://auth.example.org [192.0.2.0/24, 198.51.100.7/32]");
        Account saved =
                new AccountFile(cli.accounts).find(DomainKey.of("example.com")).orElseThrow();
        assertThat(saved.password()).isEqualTo(FakeApiServer.PASSWORD);
        assertThat(saved.serverUrl()).isEqualTo("https://auth.example.org");
    }

    @Test
    void takesTheServerFromTheEnvironment() {
        CliHarness cli = new CliHarness(dir);
        cli.env.put("ACME_DELEGATE_SERVER", "https://env.example.org");
        assertThat(cli.run("register", "--domain", "example.com").status()).isZero();
        assertThat(cli.calls.get(0).what()).startsWith("register https://env.example.org ");
    }

    @Test
    void refusesToReplaceAnExistingAccountUnlessForced() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        CliHarness.Result refused = cli.run("register", "--server", "https://a.example", "--domain", "example.com");
        assertThat(refused.status()).isEqualTo(ExitCode.ACCOUNT_EXISTS.status());
        assertThat(refused.err())
                .startsWith("Error: an account for example.com already exists in " + cli.accounts)
                .contains("--force");
        assertThat(cli.calls).as("the server is not asked").isEmpty();

        CliHarness.Result forced =
                cli.run("register", "--server", "https://a.example", "--domain", "example.com", "--force");
        assertThat(forced.status()).isZero();
        assertThat(new AccountFile(cli.accounts)
                        .find(DomainKey.of("example.com"))
                        .orElseThrow()
                        .serverUrl())
                .isEqualTo("https://a.example");
    }

    @Test
    void withoutAServerUrlItSaysHowToGiveOne() {
        CliHarness.Result r = new CliHarness(dir).run("register", "--domain", "example.com");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).isEqualTo("Error: no server URL: pass --server URL or set ACME_DELEGATE_SERVER\n");
    }

    @Test
    void aMissingDomainIsAUsageError() {
        CliHarness.Result r = new CliHarness(dir).run("register", "--server", "https://a.example");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: Missing required option: '--domain=DOMAIN'");
    }

    @Test
    void serverErrorsAreReportedAsTheyCome() {
        CliHarness cli = new CliHarness(dir);
        cli.apiFailure = new HookException(
                ExitCode.SERVER_UNREACHABLE, "cannot reach the acme-delegate server at https://a.example (refused)");
        CliHarness.Result r = cli.run("register", "--server", "https://a.example", "--domain", "example.com");
        assertThat(r.status()).isEqualTo(ExitCode.SERVER_UNREACHABLE.status());
        assertThat(r.err()).contains("Error: cannot reach the acme-delegate server at https://a.example");
    }

    @Test
    void withTsigSavesCertbotsCredentialsFileBesideTheAccountsReadableOnlyByItsOwner() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r =
                cli.run("register", "--server", "https://auth.example.org", "--domain", "example.com", "--tsig");
        assertThat(r.status()).isZero();
        String ini = "dns_rfc2136_name = " + FakeApiServer.FULLDOMAIN + ".\n";
        assertThat(r.out()).isEqualTo("_acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".\n" + ini);
        assertThat(cli.calls)
                .extracting(CliHarness.Call::what)
                .containsExactly("register-tsig https://auth.example.org [] example.com");
        Path saved = cli.accounts.toAbsolutePath().resolveSibling("example.com.rfc2136.ini");
        assertThat(java.nio.file.Files.readString(saved)).isEqualTo(ini);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(saved)))
                .isEqualTo("rw-------");
        assertThat(r.err()).contains(saved.toString());
    }

    @Test
    void readsTheCertbotTextOutOfARegisterReplyAndNothingOutOfOneWithoutKey() {
        assertThat(TsigKeyFile.certbotIni(
                        "{\"username\":\"u\",\"tsig\":{\"name\":\"n.\",\"certbot_ini\":\"a = b\\n\"}}"))
                .isEqualTo("a = b\n");
        assertThat(TsigKeyFile.certbotIni("{\"username\":\"u\"}")).isNull();
        assertThat(TsigKeyFile.certbotIni("not json")).isNull();
    }
}
