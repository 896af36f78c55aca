package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list}, and {@code check} where no DNS query is needed: in-process, no socket. */
class ListAndCheckTest {
    @TempDir
    Path dir;

    @Test
    void listShowsDomainsTargetsAndServersButNoSecrets() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        new AccountFile(cli.accounts)
                .save(
                        DomainKey.of("other.org"),
                        new Account("user-2", "pass-2", "o.auth.example.org", "o", List.of("192.0.2.0/24"), null));
        CliHarness.Result r = cli.run("list");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .isEqualTo("DOMAIN\tCNAME TARGET\tSERVER\tALLOWFROM\n"
                        + "example.com\t" + FakeApiServer.FULLDOMAIN + ".\thttps://auth.example.org\t-\n"
                        + "other.org\to.auth.example.org.\t-\t192.0.2.0/24\n");
        assertThat(r.out() + r.err())
                .doesNotContain(FakeApiServer.PASSWORD, FakeApiServer.USERNAME, "pass-2", "user-2");
    }

    @Test
    void listOfAnEmptyFileSaysSo() {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r =
                cli.run("list", "--accounts", dir.resolve("none.json").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("No accounts in " + dir.resolve("none.json"));
    }

    @Test
    void checkWithoutAccountNamesTheRegisterCommand() {
        CliHarness.Result r = new CliHarness(dir).run("check", "--domain", "example.com", "--resolver", "127.0.0.1:9");
        assertThat(r.status()).isEqualTo(ExitCode.NO_ACCOUNT.status());
        assertThat(r.err()).contains("register --server URL --domain example.com");
    }
}
