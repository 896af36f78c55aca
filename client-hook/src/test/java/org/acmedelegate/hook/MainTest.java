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
        assertThat(r.out())
                .contains(
                        "register",
                        "check",
                        "list",
                        "certbot-auth",
                        "certbot-cleanup",
                        "present",
                        "cleanup",
                        "deploy_challenge",
                        "clean_challenge",
                        "begin",
                        "done",
                        "failed");
    }

    @Test
    void subCommandHelpListsItsOptions() {
        CliHarness.Result r = new CliHarness(dir).run("register", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .startsWith("Usage: acme-delegate-hook register --domain=DOMAIN")
                .contains(
                        "--server",
                        "--allow-from",
                        "--force",
                        "--accounts",
                        "--dns-server",
                        "--resolver",
                        "--timeout",
                        "--help",
                        "--version");
        assertThat(new CliHarness(dir).run("begin", "-h").out())
                .startsWith("Usage: acme-delegate-hook begin [OPTIONS] TYPE IDENT TOKEN KEY_AUTH");
    }

    @Test
    void versionWorksForTheToolAndEverySubCommand() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"list", "--version"}, {"present", "-V"}}) {
            assertThat(new CliHarness(dir).run(args))
                    .isEqualTo(new CliHarness.Result(0, "acme-delegate-hook 0.1.0\n", ""));
        }
    }

    @Test
    void commandLineErrorsNameTheProblemAndPointToHelp() {
        CliHarness cli = new CliHarness(dir);
        assertThat(cli.run("--bogus"))
                .isEqualTo(new CliHarness.Result(
                        2, "", "Error: Unknown option: '--bogus'\nUsage: acme-delegate-hook --help\n"));
        assertThat(cli.run("register", "--bogus", "--domain", "example.com").err())
                .isEqualTo("Error: Unknown option: '--bogus'\nUsage: acme-delegate-hook register --help\n");
        assertThat(cli.run("register", "--dom", "example.com").err()).startsWith("Error: Unknown option: '--dom'");
        assertThat(cli.run("list", "extra", "more").err())
                .startsWith("Error: Unmatched arguments from index 1: 'extra', 'more'\n");
        assertThat(cli.run("certbot-auth", "--timeout", "soon").err())
                .startsWith("Error: Invalid value for option '--timeout': 'soon' is not an int\n");
        assertThat(cli.run("certbot-auth", "--timeout").err())
                .startsWith("Error: Missing required parameter for option '--timeout' (SECONDS)\n");
        assertThat(cli.run("check", "--domain", "a.example", "--domain=b.example")
                        .err())
                .startsWith("Error: option '--domain' (DOMAIN) should be specified only once\n");
        assertThat(cli.run("begin", "dns-01", "example.com").err())
                .startsWith("Error: Missing required parameters: 'TOKEN', 'KEY_AUTH'\n");
        CliHarness.Result extra = cli.run("begin", "dns-01", "example.com", "token", "key", "more");
        assertThat(extra.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(extra.err()).startsWith("Error: Unmatched argument at index 5: 'more'\n");
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
        CliHarness.Result r =
                cli.run("present", "--dns-server", "127.0.0.1:x", "_acme-challenge.example.com.", "a".repeat(43));
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: --dns-server / ACME_DELEGATE_DNS_SERVERS: bad port");
    }
}
