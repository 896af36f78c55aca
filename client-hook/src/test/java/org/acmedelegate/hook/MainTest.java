package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEverySubCommand() {
        CliHarness.Result r = new CliHarness(dir).run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("register", "check", "list", "certbot-auth", "certbot-cleanup", "present",
                "cleanup", "deploy_challenge", "clean_challenge", "begin", "done", "failed");
    }

    @Test
    void withoutArgumentsItPrintsUsageAndFails() {
        CliHarness.Result r = new CliHarness(dir).run();
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: ").contains("Usage:");
    }

    @Test
    void aBadTimeoutIsAUsageError() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
        cli.env.put("ACME_DELEGATE_TIMEOUT", "soon");
        CliHarness.Result r = cli.run("present", "_acme-challenge.example.com.", "a".repeat(43));
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).isEqualTo("Error: ACME_DELEGATE_TIMEOUT must be a number of seconds, got 'soon'\n");
    }

    @Test
    void aBadDnsServerIsAUsageError() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        CliHarness.Result r = cli.run("present", "--dns-server", "127.0.0.1:x", "_acme-challenge.example.com.",
                "a".repeat(43));
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: --dns-server / ACME_DELEGATE_DNS_SERVERS: bad port");
    }
}
