package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertbotAdapterTest {
    private static final String VALUE = "-nT3ZEE9jS0C8Jh6wWQlr3CS10b7bfEJuhOIxw3xL8c";

    @TempDir
    Path dir;

    private CliHarness certbot(String domain) throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("CERTBOT_DOMAIN", domain);
        cli.env.put("CERTBOT_VALIDATION", VALUE);
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
        return cli;
    }

    @Test
    void authUpdatesThenWaitsForPropagation() throws Exception {
        CliHarness cli = certbot("*.example.com");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(cli.calls).containsExactly(CliHarness.setAndAwait(VALUE));
    }

    @Test
    void cleanupDeletesTheValueWithoutWaiting() throws Exception {
        CliHarness cli = certbot("example.com");
        assertThat(cli.run("certbot-cleanup").status()).isZero();
        assertThat(cli.calls).containsExactly(new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, VALUE));
    }

    @Test
    void theSubCommandDecidesNotALeakedAuthOutput() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.put("CERTBOT_AUTH_OUTPUT", "output of another lineage's auth hook");
        assertThat(cli.run("certbot-auth").status()).isZero();
        assertThat(cli.calls).extracting(CliHarness.Call::what).containsExactly("update", "await");
    }

    @Test
    void propagationSettingsComeFromTheEnvironment() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300, [::1]:5301");
        cli.env.put("ACME_DELEGATE_TIMEOUT", "7");
        assertThat(cli.run("certbot-auth").status()).isZero();
        Settings.DnsSettings s = cli.dnsSettings.get(0);
        assertThat(s.dnsServers())
                .containsExactly(new NameserverAddress("127.0.0.1", 5300), new NameserverAddress("::1", 5301));
        assertThat(s.timeout()).hasSeconds(7);
    }

    @Test
    void flagsWinOverTheEnvironment() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
        cli.env.put("ACME_DELEGATE_TIMEOUT", "7");
        assertThat(cli.run("certbot-auth", "--dns-server", "192.0.2.1:53", "--timeout", "9", "--resolver", "192.0.2.53")
                        .status())
                .isZero();
        Settings.DnsSettings s = cli.dnsSettings.get(0);
        assertThat(s.dnsServers()).containsExactly(new NameserverAddress("192.0.2.1", 53));
        assertThat(s.timeout()).hasSeconds(9);
        assertThat(s.resolver()).isEqualTo(new NameserverAddress("192.0.2.53", 53));
    }

    @Test
    void theResolverDefaultsToTheFirstNameserverOfResolvConf() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.remove("ACME_DELEGATE_DNS_SERVERS");
        java.nio.file.Files.writeString(
                cli.resolvConf, "# generated\nsearch example.com\nnameserver 192.0.2.9\n" + "nameserver 192.0.2.10\n");
        assertThat(cli.run("certbot-auth").status()).isZero();
        assertThat(cli.dnsSettings.get(0).resolver()).isEqualTo(new NameserverAddress("192.0.2.9", 53));
        assertThat(cli.dnsSettings.get(0).timeout()).hasSeconds(120);
    }

    @Test
    void withNoResolverAndNoServersItSaysWhatToSet() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.remove("ACME_DELEGATE_DNS_SERVERS");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.DNS_ERROR.status());
        assertThat(r.err()).contains("--resolver HOST:PORT or set ACME_DELEGATE_RESOLVER");
        assertThat(cli.calls).as("nothing is changed on the server").isEmpty();
    }

    @Test
    void missingCertbotVariablesAreAUsageError() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: CERTBOT_DOMAIN is not set; run this as certbot's --manual-auth-hook");
    }

    @Test
    void aDomainWithoutAccountNamesTheRegisterCommand() throws Exception {
        CliHarness cli = certbot("other.org");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.NO_ACCOUNT.status());
        assertThat(r.err())
                .isEqualTo("Error: no account for other.org in " + cli.accounts + "; create one with: "
                        + "acme-delegate-hook register --server URL --domain other.org\n");
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void rejectedCredentialsNameTheAccountFileAndDomainButNotThePassword() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.apiFailure = new HookException(
                ExitCode.UNAUTHORIZED,
                "https://auth.example.org/update rejected the account's credentials (HTTP 401 forbidden)");
        CliHarness.Result r = cli.run("certbot-cleanup");
        assertThat(r.status()).isEqualTo(ExitCode.UNAUTHORIZED.status());
        assertThat(r.err())
                .contains("for example.com as saved in " + cli.accounts)
                .doesNotContain(FakeApiServer.PASSWORD);
    }

    @Test
    void aMalformedValueIsRejectedBeforeTheServerIsAsked() throws Exception {
        CliHarness cli = certbot("example.com");
        cli.env.put("CERTBOT_VALIDATION", "too-short");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).contains("43 base64url characters");
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void anAccountWithoutServerUrlUsesTheServerVariable() throws Exception {
        CliHarness cli = certbot("example.com");
        java.nio.file.Files.writeString(
                cli.accounts,
                "{\"example.com\":{\"username\":\"u\",\"password\":\"p\"," + "\"fulldomain\":\""
                        + FakeApiServer.FULLDOMAIN + "\",\"subdomain\":\"s\"}}");
        CliHarness.Result missing = cli.run("certbot-cleanup");
        assertThat(missing.status()).isEqualTo(ExitCode.ACCOUNT_FILE.status());
        assertThat(missing.err()).contains("has no server_url");
        cli.env.put("ACME_DELEGATE_SERVER", "https://auth.example.org");
        assertThat(cli.run("certbot-cleanup").status()).isZero();
    }
}
