package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations keys: registration, admin, audit, limits, CNAME check, RRL, query log, CORS, TLS reload. */
class OperationsConfigTest {
    private static final String ZONE = "[dns]\nzone = \"auth.example.org\"\n";
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private ServerConfig parse(String more) {
        return loader.parse(ZONE + more);
    }

    private void fails(String more, String message) {
        assertThatThrownBy(() -> parse(more))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void defaultsAreOpenRegistrationNoAdminAuditBesideTheDatabaseAndRrlOff() {
        ServerConfig c = parse("[store]\nsqlite_path = \"/var/lib/acme-delegate/db.sqlite\"\n");
        assertThat(c.api().registration()).isEqualTo(RegistrationMode.OPEN);
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.admin().listen().getPort()).isEqualTo(8054);
        assertThat(c.audit().path()).contains(Path.of("/var/lib/acme-delegate/audit.log"));
        assertThat(c.audit().require()).isFalse();
        assertThat(c.limits()).isEqualTo(LimitsConfig.DEFAULT);
        assertThat(c.cnameCheck().enabled()).isFalse();
        assertThat(c.rrl().enabled()).isFalse();
        assertThat(c.logDnsQueries()).isFalse();
        assertThat(c.api().corsOrigins()).isEmpty();
        assertThat(c.api().tlsReloadInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theShippedExampleStillLoadsAndDocumentsEveryOperationsKey() {
        ServerConfig c = loader.load(Path.of("../conf/acme-delegate.toml"));
        assertThat(c.api().registration()).isEqualTo(RegistrationMode.OPEN);
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.audit().path()).contains(Path.of("data/audit.log"));
        assertThat(c.rrl()).isEqualTo(RrlConfig.DEFAULT);
        assertThat(c.limits().register()).isEqualTo(LimitsConfig.DEFAULT.register());
    }

    @Test
    void theProductionExampleLoadsOnceItsTokenFileExists() throws Exception {
        Path token = Files.writeString(dir.resolve("admin.token"), "0123456789abcdef0123456789abcdef\n");
        String text = Files.readString(Path.of("../conf/production.toml"))
                .replace("/etc/acme-delegate/admin.token", token.toString());
        ServerConfig c = loader.parse(text);
        assertThat(c.dns().listen()).allMatch(a -> a.getPort() == 53);
        assertThat(c.api().tls()).isTrue();
        assertThat(c.api().registration()).isEqualTo(RegistrationMode.CLOSED);
        assertThat(c.admin().listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.admin().enabled()).isTrue();
    }

    @Test
    void readsTheRegistrationModesAndTokens() {
        assertThat(parse("[api]\nregistration = \"Closed\"\n").api().registration())
                .isEqualTo(RegistrationMode.CLOSED);
        assertThat(parse("[api]\ndisable_registration = true\n").api().registration())
                .isEqualTo(RegistrationMode.CLOSED);
        ServerConfig c = parse("""
                [api]
                registration = "token"
                [[api.registration_tokens]]
                name = "team-a"
                token = "0123456789abcdef"
                domains = ["Example.COM.", "example.net"]
                """);
        assertThat(c.api().registrationTokens()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("team-a");
            assertThat(t.domains()).containsExactly("example.com", "example.net");
            assertThat(t.toString()).doesNotContain("0123456789abcdef");
        });
    }

    @Test
    void namesTheKeyOfABadRegistrationSetting() {
        fails("[api]\nregistration = \"maybe\"\n", "api.registration: must be open, token or closed");
        fails("[api]\nregistration = \"open\"\ndisable_registration = true\n", "api.registration:");
        fails(
                "[api]\nregistration = \"token\"\n",
                "api.registration_tokens: registration = \"token\" needs at least one token");
        fails(
                "[api]\nregistration = \"token\"\n[[api.registration_tokens]]\nname = \"a\"\ntoken = \"short\"\n",
                "api.registration_tokens[0].token: required, at least 16 characters");
        fails(
                "[api]\n[[api.registration_tokens]]\ntoken = \"0123456789abcdef\"\n",
                "api.registration_tokens[0].name: required");
        fails(
                "[api]\n[[api.registration_tokens]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\ndomains = [\"not a domain\"]\n",
                "api.registration_tokens[0].domains[0]: not a domain name");
        fails(
                "[api]\n[[api.registration_tokens]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nscope = 1\n",
                "api.registration_tokens[0].scope: unknown key");
    }

    @Test
    void readsTheAdminTokenInlineOrFromAFile() throws Exception {
        assertThat(parse("[admin]\ntoken = \"0123456789abcdef01234567\"\nlisten = \"127.0.0.1:9999\"\n")
                        .admin())
                .satisfies(a -> {
                    assertThat(a.enabled()).isTrue();
                    assertThat(a.listen().getPort()).isEqualTo(9999);
                    assertThat(a.toString()).doesNotContain("0123456789abcdef01234567");
                });
        Path file = Files.writeString(dir.resolve("admin.token"), "0123456789abcdef0123456789\n");
        assertThat(parse("[admin]\ntoken_file = \"" + file + "\"\n").admin().token())
                .contains("0123456789abcdef0123456789");
        fails("[admin]\ntoken = \"short\"\n", "admin.token: the admin token must be at least 24 characters");
        fails("[admin]\ntoken_file = \"" + dir.resolve("missing") + "\"\n", "admin.token_file: cannot read");
        fails(
                "[admin]\ntoken = \"0123456789abcdef01234567\"\ntoken_file = \"x\"\n",
                "admin.token_file: give admin.token or");
        fails("[admin]\nlisten = \"localhost\"\n", "admin.listen:");
    }

    @Test
    void readsLimitsAsCountPerDuration() {
        LimitsConfig l = parse("[limits]\nregister = \"5/1m\"\nauth_failures = \"off\"\nmax_concurrent_bcrypt = 3\n")
                .limits();
        assertThat(l.register()).isEqualTo(new Rate(5, Duration.ofMinutes(1)));
        assertThat(l.authFailures().enabled()).isFalse();
        assertThat(l.maxConcurrentBcrypt()).isEqualTo(3);
        fails("[limits]\nregister = \"five per minute\"\n", "limits.register: expected \"N/duration\"");
        fails("[limits]\nauth_failures = \"0/1m\"\n", "limits.auth_failures: count and duration must be above zero");
        fails("[limits]\nregister = \"5/soon\"\n", "limits.register: not a duration");
        fails("[limits]\nmax_concurrent_bcrypt = 0\n", "limits.max_concurrent_bcrypt: must be between 1 and 1024");
    }

    @Test
    void readsAuditCnameCheckLogAndCors() {
        ServerConfig c = parse("""
                [api]
                cors_origins = ["https://panel.example.com"]
                tls_reload_interval = "30s"
                [audit]
                path = "-"
                require = true
                [cname_check]
                resolver = "192.0.2.53"
                interval = "10m"
                [log]
                dns_queries = true
                """);
        assertThat(c.audit().path()).isEmpty();
        assertThat(c.audit().require()).isTrue();
        assertThat(c.cnameCheck().resolver().orElseThrow().getPort()).isEqualTo(53);
        assertThat(c.cnameCheck().interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.logDnsQueries()).isTrue();
        assertThat(c.api().corsOrigins()).isEqualTo(List.of("https://panel.example.com"));
        assertThat(c.api().tlsReloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("[cname_check]\nresolver = \"[::1]:5353\"\n")
                        .cnameCheck()
                        .resolver()
                        .orElseThrow()
                        .getPort())
                .isEqualTo(5353);
        assertThat(parse("[cname_check]\nresolver = \"2001:db8::53\"\n")
                        .cnameCheck()
                        .resolver()
                        .orElseThrow()
                        .getPort())
                .isEqualTo(53);
        fails("[cname_check]\nresolver = \"dns.google\"\n", "cname_check.resolver:");
        fails("[cname_check]\ninterval = \"5s\"\n", "cname_check.interval: must be at least 1m");
        fails("[api]\ncors_origins = [\"panel.example.com\"]\n", "api.cors_origins[0]:");
        fails("[audit]\npath = \"\"\n", "audit.path: must not be empty");
    }

    @Test
    void plainHttpBeyondLoopbackMustBeAskedFor() {
        fails("[api]\nlisten = \"192.0.2.10:80\"\n", "api.plain_http: the API listens on 192.0.2.10 without TLS");
        assertThat(parse("[api]\nlisten = \"192.0.2.10:80\"\nplain_http = true\n")
                        .api()
                        .tls())
                .isFalse();
        assertThat(parse("[api]\nlisten = \"127.0.30.3:8053\"\n").api().tls()).isFalse();
        assertThat(parse("[api]\nlisten = \"[::1]:8053\"\n").api().tls()).isFalse();
    }

    @Test
    void readsResponseRateLimiting() {
        RrlConfig r = parse("[dns.rrl]\nenabled = true\nresponses_per_second = 50\nslip = 3\n")
                .rrl();
        assertThat(r.enabled()).isTrue();
        assertThat(r.responsesPerSecond()).isEqualTo(50);
        assertThat(r.slip()).isEqualTo(3);
        assertThat(r.errorsPerSecond()).isEqualTo(RrlConfig.DEFAULT.errorsPerSecond());
        fails("[dns.rrl]\nipv4_prefix_length = 33\n", "dns.rrl.ipv4_prefix_length: must be between 8 and 32");
        fails("[dns.rrl]\nslip = -1\n", "dns.rrl.slip: must be between 0 and 10");
    }
}
