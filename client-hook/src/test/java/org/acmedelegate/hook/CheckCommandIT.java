package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against a real resolver on loopback (a fake one that answers the CNAME it is given). */
class CheckCommandIT {
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
    void checkPassesWhenTheCnamePointsAtTheAccount() throws Exception {
        resolver = FakeDns.start().cname("_acme-challenge.example.com", FakeApiServer.FULLDOMAIN.toUpperCase());
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        CliHarness.Result r = cli.run(
                "check",
                "--domain",
                "*.example.com",
                "--resolver",
                resolver.address().toString());
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
        assertThat(r.err())
                .isEqualTo("Error: _acme-challenge.example.com. points at elsewhere.example.net., not at "
                        + "the account's " + FakeApiServer.FULLDOMAIN
                        + ".; change it to: _acme-challenge.example.com. CNAME "
                        + FakeApiServer.FULLDOMAIN + ".\n");
    }

    @Test
    void checkFailsWhenThereIsNoCname() throws Exception {
        resolver = FakeDns.start();
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        java.nio.file.Files.writeString(
                cli.resolvConf, "nameserver " + resolver.address().host() + "\n");
        CliHarness.Result r = cli.run(
                "check",
                "--domain",
                "example.com",
                "--resolver",
                resolver.address().toString());
        assertThat(r.status()).isEqualTo(ExitCode.CNAME_MISMATCH.status());
        assertThat(r.err())
                .startsWith("Error: _acme-challenge.example.com. has no CNAME")
                .contains("create: _acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".");
    }
}
