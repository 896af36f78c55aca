package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListAndCheckTest {
    @TempDir
    Path dir;

    private FakeDns resolver;

    @AfterEach
    void stop() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
    }

    @Test
    void listShowsDomainsTargetsAndServersButNoSecrets() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        new AccountFile(cli.accounts).save(DomainKey.of("other.org"), new Account("user-2", "pass-2",
                "o.auth.example.org", "o", List.of("192.0.2.0/24"), null));
        CliHarness.Result r = cli.run("list");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("DOMAIN\tCNAME TARGET\tSERVER\tALLOWFROM\n"
                + "example.com\t" + FakeApiServer.FULLDOMAIN + ".\thttps://auth.example.org\t-\n"
                + "other.org\to.auth.example.org.\t-\t192.0.2.0/24\n");
        assertThat(r.out() + r.err()).doesNotContain(FakeApiServer.PASSWORD, FakeApiServer.USERNAME, "pass-2",
                "user-2");
    }

    @Test
    void listOfAnEmptyFileSaysSo() {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run("list", "--accounts", dir.resolve("none.json").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("No accounts in " + dir.resolve("none.json"));
    }

    @Test
    void checkPassesWhenTheCnamePointsAtTheAccount() throws Exception {
        resolver = FakeDns.start().cname("_acme-challenge.example.com", FakeApiServer.FULLDOMAIN.toUpperCase());
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        CliHarness.Result r = cli.run("check", "--domain", "*.example.com", "--resolver", resolver.address().toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK: _acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".\n");
    }

    @Test
    void checkFailsNamingTheWrongTarget() throws Exception {
        resolver = FakeDns.start().cname("_acme-challenge.example.com", "elsewhere.example.net");
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("ACME_DELEGATE_RESOLVER", resolver.address().toString());
        CliHarness.Result r = cli.run("check", "--domain", "example.com");
        assertThat(r.status()).isEqualTo(ExitCode.CNAME_MISMATCH.status());
        assertThat(r.err()).isEqualTo("Error: _acme-challenge.example.com. points at elsewhere.example.net., not at "
                + "the account's " + FakeApiServer.FULLDOMAIN + ".; change it to: _acme-challenge.example.com. CNAME "
                + FakeApiServer.FULLDOMAIN + ".\n");
    }

    @Test
    void checkFailsWhenThereIsNoCname() throws Exception {
        resolver = FakeDns.start();
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        java.nio.file.Files.writeString(cli.resolvConf, "nameserver " + resolver.address().host() + "\n");
        CliHarness.Result r = cli.run("check", "--domain", "example.com", "--resolver", resolver.address().toString());
        assertThat(r.status()).isEqualTo(ExitCode.CNAME_MISMATCH.status());
        assertThat(r.err()).startsWith("Error: _acme-challenge.example.com. has no CNAME")
                .contains("create: _acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".");
    }

    @Test
    void checkWithoutAccountNamesTheRegisterCommand() {
        CliHarness.Result r = new CliHarness(dir).run("check", "--domain", "example.com", "--resolver", "127.0.0.1:9");
        assertThat(r.status()).isEqualTo(ExitCode.NO_ACCOUNT.status());
        assertThat(r.err()).contains("register --server URL --domain example.com");
    }
}
