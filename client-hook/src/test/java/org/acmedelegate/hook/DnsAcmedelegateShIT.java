package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acme.sh DNS API file sourced by dash, calling the launcher against loopback fakes. */
class DnsAcmedelegateShIT {
    private static final String VALUE = "-XKrxpRBosdIKFzxW_CT3KLZNf6q0HG9i01zxXp5CPB";

    @TempDir
    Path dir;

    private FakeApiServer api;
    private FakeDns dns;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ProcessRunner.onPath("dash"), "dash is not installed");
        api = new FakeApiServer();
        dns = FakeDns.start();
        api.onUpdate(req -> dns.txt(FakeApiServer.FULLDOMAIN, LauncherIT.value(req.body())));
        Path accounts = dir.resolve("accounts.json");
        new AccountFile(accounts)
                .save(
                        DomainKey.of("example.com"),
                        new Account(
                                FakeApiServer.USERNAME,
                                FakeApiServer.PASSWORD,
                                FakeApiServer.FULLDOMAIN,
                                FakeApiServer.SUBDOMAIN,
                                List.of(),
                                api.url()));
        env.put("ACMEDELEGATE_HOOK", ProcessRunner.LAUNCHER.toString());
        env.put("ACME_DELEGATE_ACCOUNTS", accounts.toString());
        env.put("ACME_DELEGATE_DNS_SERVERS", dns.address().toString());
        env.put("SCRIPT", ProcessRunner.ACME_SH_SCRIPT.toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (api != null) {
            api.close();
            dns.close();
        }
    }

    private ProcessRunner.Outcome dash(String script) throws Exception {
        return ProcessRunner.run(List.of("dash", "-c", script), env);
    }

    @Test
    void addSetsTheValueWaitsForDnsAndReturnsZeroWithoutExiting() throws Exception {
        ProcessRunner.Outcome r =
                dash(". \"$SCRIPT\"; dns_acmedelegate_add _acme-challenge.example.com '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(r.out()).as(r.err()).isEqualTo("rc=0\n");
        assertThat(api.requests()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.body()).contains(VALUE);
        });
        assertThat(dns.queries()).isPositive();
    }

    @Test
    void rmDeletesTheValue() throws Exception {
        ProcessRunner.Outcome r =
                dash(". \"$SCRIPT\"; dns_acmedelegate_rm _acme-challenge.example.com '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(r.out()).as(r.err()).isEqualTo("rc=0\n");
        assertThat(api.requests()).extracting(FakeApiServer.Request::method).containsExactly("DELETE");
    }

    @Test
    void aFailureReturnsNonZeroAndTheShellGoesOn() throws Exception {
        ProcessRunner.Outcome r =
                dash(". \"$SCRIPT\"; dns_acmedelegate_add _acme-challenge.other.org '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(r.out()).isNotEqualTo("rc=0\n").startsWith("rc=");
        assertThat(r.err()).contains("Error: no account for other.org");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aMissingLauncherReturnsNonZeroAndTheShellGoesOn() throws Exception {
        env.put("ACMEDELEGATE_HOOK", dir.resolve("missing").toString());
        ProcessRunner.Outcome r =
                dash(". \"$SCRIPT\"; dns_acmedelegate_add _acme-challenge.example.com '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(r.out()).isEqualTo("rc=1\n");
        assertThat(r.err()).contains("set ACMEDELEGATE_HOOK");
    }

    @Test
    void insideAcmeShSettingsAreSavedAndReadBack() throws Exception {
        // Stand-ins for acme.sh's helpers, storing into a file the way account.conf would.
        String helpers = "conf=\"" + dir.resolve("account.conf") + "\"; "
                + "_saveaccountconf_mutable() { echo \"$1=$2\" >> \"$conf\"; }; "
                + "_readaccountconf_mutable() { sed -n \"s/^$1=//p\" \"$conf\" 2>/dev/null | tail -n 1; }; "
                + "_info() { echo \"[info] $1\" >&2; }; _err() { echo \"[err] $1\" >&2; }; ";
        ProcessRunner.Outcome first = dash(helpers + ". \"$SCRIPT\"; dns_acmedelegate_add "
                + "_acme-challenge.example.com '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(first.out()).as(first.err()).isEqualTo("rc=0\n");
        assertThat(first.err()).contains("[info] acme-delegate: present _acme-challenge.example.com");

        env.remove("ACMEDELEGATE_HOOK");
        env.remove("ACME_DELEGATE_ACCOUNTS");
        env.remove("ACME_DELEGATE_DNS_SERVERS");
        ProcessRunner.Outcome renewal = dash(helpers + ". \"$SCRIPT\"; dns_acmedelegate_rm "
                + "_acme-challenge.example.com '" + VALUE + "'; echo \"rc=$?\"");
        assertThat(renewal.out()).as(renewal.err()).isEqualTo("rc=0\n");
        assertThat(api.requests()).extracting(FakeApiServer.Request::method).containsExactly("POST", "DELETE");
    }
}
