package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddAccountCommandTest {
    private static final String ACCOUNT_JSON = "{\"username\":\"" + FakeApiServer.USERNAME + "\",\"password\":\""
            + FakeApiServer.PASSWORD + "\",\"fulldomain\":\"" + FakeApiServer.FULLDOMAIN + "\",\"subdomain\":\""
            + FakeApiServer.SUBDOMAIN
            + "\",\"allowfrom\":[\"192.0.2.0/24\"],\"server_url\":\"https://auth.example.org/\","
            + "\"domain\":\"example.com\"}";
    private static final String LINE = "acme-delegate-account:"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(ACCOUNT_JSON.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void importsTheLineFromAFileIntoAPrivateAccountFileAndPrintsTheCname() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path from = Files.writeString(dir.resolve("example.com.import"), LINE + "\n");
        CliHarness.Result r = cli.run("add-account", "--domain", "*.example.com", "--from", from.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("_acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".\n");
        assertThat(r.err()).doesNotContain(FakeApiServer.PASSWORD).contains("https://auth.example.org");
        Account saved =
                new AccountFile(cli.accounts).find(DomainKey.of("example.com")).orElseThrow();
        assertThat(saved)
                .isEqualTo(new Account(
                        FakeApiServer.USERNAME,
                        FakeApiServer.PASSWORD,
                        FakeApiServer.FULLDOMAIN,
                        FakeApiServer.SUBDOMAIN,
                        java.util.List.of("192.0.2.0/24"),
                        "https://auth.example.org"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.accounts)))
                .isEqualTo("rw-------");
        assertThat(cli.calls).as("no server call is needed").isEmpty();
    }

    @Test
    void readsTheLineFromStdinAndTakesAnotherServerUrlWhenGiven() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.stdin = (LINE + "\n").getBytes(StandardCharsets.UTF_8);
        CliHarness.Result r = cli.run(
                "add-account", "--domain", "example.com", "--from", "-", "--server", "https://api.internal:8443");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(new AccountFile(cli.accounts)
                        .find(DomainKey.of("example.com"))
                        .orElseThrow()
                        .serverUrl())
                .isEqualTo("https://api.internal:8443");
    }

    @Test
    void acceptsTheAccountJsonItself() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.stdin = ACCOUNT_JSON.getBytes(StandardCharsets.UTF_8);
        assertThat(cli.run("add-account", "--domain", "example.com", "--from", "-")
                        .status())
                .isZero();
    }

    @Test
    void refusesToReplaceAnExistingAccountUnlessForced() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        cli.stdin = LINE.getBytes(StandardCharsets.UTF_8);
        CliHarness.Result r = cli.run("add-account", "--domain", "example.com", "--from", "-");
        assertThat(r.status()).isEqualTo(ExitCode.ACCOUNT_EXISTS.status());
        assertThat(cli.run("add-account", "--domain", "example.com", "--from", "-", "--force")
                        .status())
                .isZero();
    }

    @Test
    void aDamagedLineIsRefusedWithoutQuotingIt() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String cut = LINE.substring(0, LINE.length() - 30) + "%%";
        cli.stdin = cut.getBytes(StandardCharsets.UTF_8);
        CliHarness.Result r = cli.run("add-account", "--domain", "example.com", "--from", "-");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err())
                .startsWith("Error: the account to import is not an import line: ")
                .doesNotContain(cut.substring(30, 60));
        cli.stdin = Base64.getEncoder().encode("{\"username\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(cli.run("add-account", "--domain", "example.com", "--from", "-")
                        .err())
                .contains("should start with 'acme-delegate-account:'");
        assertThat(Files.exists(cli.accounts)).isFalse();
    }

    @Test
    void aLineWithoutServerNeedsOne() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.stdin = ACCOUNT_JSON
                .replace("\"server_url\":\"https://auth.example.org/\",", "")
                .getBytes(StandardCharsets.UTF_8);
        CliHarness.Result r = cli.run("add-account", "--domain", "example.com", "--from", "-");
        assertThat(r.err())
                .isEqualTo(
                        "Error: the import line names no server: pass --server URL or set " + "ACME_DELEGATE_SERVER\n");
    }
}
