package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DehydratedAdapterTest {
    private static final String VALUE_A = "a".repeat(43);
    private static final String VALUE_B = "-" + "b".repeat(42);

    @TempDir
    Path dir;

    private CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir).withAccount("example.com");
        new AccountFile(cli.accounts)
                .save(
                        DomainKey.of("other.org"),
                        new Account(
                                "u",
                                "p",
                                "other.auth.example.org",
                                "other",
                                java.util.List.of(),
                                "https://auth.example.org"));
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
    }

    @Test
    void deployChallengeSetsTheTokenValue() {
        CliHarness.Result r = cli.run("deploy_challenge", "example.com", "tokenfile", VALUE_A);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(cli.calls).containsExactly(CliHarness.setAndAwait(VALUE_A));
    }

    @Test
    void chainedHooksHandleEveryTriple() {
        CliHarness.Result r = cli.run("clean_challenge", "example.com", "t1", VALUE_A, "other.org", "t2", VALUE_B);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls)
                .containsExactly(
                        new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, VALUE_A),
                        new CliHarness.Call("delete", "other.auth.example.org", VALUE_B));
    }

    @Test
    void chainedDeploysSetEveryValueBeforeWaiting() {
        CliHarness.Result r = cli.run("deploy_challenge", "example.com", "t1", VALUE_A, "other.org", "t2", VALUE_B);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls)
                .containsExactly(
                        new CliHarness.Call("update", FakeApiServer.FULLDOMAIN, VALUE_A),
                        new CliHarness.Call("update", "other.auth.example.org", VALUE_B),
                        new CliHarness.Call("await", FakeApiServer.FULLDOMAIN, VALUE_A),
                        new CliHarness.Call("await", "other.auth.example.org", VALUE_B));
    }

    @Test
    void aChainWithAnUnknownDomainChangesNothing() {
        CliHarness.Result r = cli.run("deploy_challenge", "example.com", "t1", VALUE_A, "unknown.net", "t2", VALUE_B);
        assertThat(r.status()).isEqualTo(ExitCode.NO_ACCOUNT.status());
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void anIncompleteTripleIsAUsageError() {
        CliHarness.Result r = cli.run("deploy_challenge", "example.com", "t1", VALUE_A, "other.org");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).contains("triples");
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void everyOtherEventExitsZeroWithoutOutput() {
        for (String event : new String[] {
            "deploy_cert",
            "unchanged_cert",
            "startup_hook",
            "exit_hook",
            "invalid_challenge",
            "request_failure",
            "generate_csr",
            "deploy_ocsp",
            "sync_cert",
            "some_future_event",
            "this_hookscript_is_broken__dehydrated_is_working_fine__please_ignore_unknown_hooks_in_your_script"
        }) {
            CliHarness.Result r = cli.run(event, "example.com", "/etc/key.pem", "/etc/cert.pem");
            assertThat(r).as(event).isEqualTo(new CliHarness.Result(0, "", ""));
        }
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void aMistypedCommandOfOurOwnIsStillAnError() {
        CliHarness.Result r = cli.run("certbot_auth");
        assertThat(r.status()).isZero();
        CliHarness.Result typo = cli.run("regster");
        assertThat(typo.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(typo.err()).startsWith("Error: Unmatched argument");
    }
}
